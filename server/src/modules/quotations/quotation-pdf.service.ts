import { randomBytes } from 'node:crypto';
import type { QuotationPdf } from '@app/shared';
import type { FileStorage } from '../../integrations/storage/file-storage';
import { scopeFor, type Principal } from '../access/principal';
import { renderQuotationPdf } from './quotation-pdf.renderer';
import type { QuotationsDeps, QuotationsService } from './quotations.service';

/**
 * 6.8: renders the quotation as an A4 PDF, stores it under an unguessable key
 * (`quotations/QUOT-2026-001-<32 hex>.pdf`) and records its URL on the quotation. Each call makes a new file
 * (the previous one stays reachable by its own URL, e.g. in a mail already sent).
 */
export class QuotationPdfService {
  constructor(
    private readonly d: QuotationsDeps,
    private readonly quotations: QuotationsService,
    private readonly storage: FileStorage,
    private readonly companyName: string,
    private readonly randomHex: () => string = () => randomBytes(16).toString('hex'),
  ) {}

  async generate(principal: Principal, id: number): Promise<QuotationPdf> {
    const quotation = await this.quotations.get(principal, id);
    const generatedAt = this.d.clock.now();
    const bytes = await renderQuotationPdf({ companyName: this.companyName, quotation, generatedAt });
    const key = `quotations/${quotation.quotationNo}-${this.randomHex()}.pdf`;
    await this.storage.put(key, bytes, 'application/pdf');
    const pdfFileUrl = this.storage.url(key);
    await this.d.db.transaction(async (t) => {
      // Still visible to the caller (scope in the query); the status does not matter for a PDF.
      await this.quotations.mustFind(id, scopeFor(principal), t);
      await this.d.quotations.update(id, { pdfFileUrl, pdfGeneratedAt: generatedAt, updatedBy: principal.userId }, t);
      await this.d.events.record(
        { quotationId: id, eventType: 'pdf_generated', createdBy: principal.userId, createdAt: generatedAt },
        t,
      );
    });
    return { pdfFileUrl, generatedAt: generatedAt.toISOString() };
  }
}
