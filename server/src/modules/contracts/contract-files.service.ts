import type { Transaction } from 'sequelize';
import type { ContractFile, ContractFileType } from '@app/shared';
import { AppError } from '../../http/app-error';
import type { UploadedFile } from '../../http/multipart';
import { scopeFor, type Principal } from '../access/principal';
import { FileVersionTakenError } from './contract-files.repository';
import { mustFindContract, type ContractsDeps } from './contracts-deps';
import { toContractFileDto } from './contracts.mapper';
import type { ContractRecord } from './contracts.repository';

/** The upload owner of a file row: each row owns exactly its one upload, so deleting a row frees just that file. */
const ownerOf = (fileId: number) => ({ type: 'contract_file', id: fileId });

/** Attempts at taking the next version number when concurrent uploads race for it. */
const VERSION_ATTEMPTS = 3;

/**
 * 7.8-7.10: a contract's PDF files, versioned per kind (a new upload of a kind is version n+1; numbers are never
 * reused). The bytes go through the upload service (type sniffed from the content: PDF only).
 */
export class ContractFilesService {
  constructor(private readonly d: ContractsDeps) {}

  async upload(
    principal: Principal,
    id: number,
    input: { file: UploadedFile; fileType: ContractFileType },
  ): Promise<ContractFile> {
    const scope = scopeFor(principal);
    await mustFindContract(this.d, id, scope);
    const stored = await this.d.uploads.upload(principal, { file: input.file, purpose: 'contract' });
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await this.d.db.transaction(async (t) => {
          const c = await mustFindContract(this.d, id, scope, t, true);
          return this.record(
            principal,
            c,
            input.fileType,
            { url: stored.url, name: stored.originalName, size: stored.size },
            t,
          );
        });
      } catch (err) {
        if (!(err instanceof FileVersionTakenError) || attempt >= VERSION_ATTEMPTS) throw err;
      }
    }
  }

  /** At signing: the uploaded PDF named by `url` becomes the next version of the contract file. */
  async recordUploaded(principal: Principal, c: ContractRecord, url: string, t: Transaction): Promise<ContractFile> {
    const version = await this.d.files.nextVersion(c.id, 'contract', t);
    const name = `${c.contractNo}-v${version}.pdf`;
    return this.record(principal, c, 'contract', { url, name, size: null }, t, 'contractFileUrl');
  }

  private async record(
    principal: Principal,
    c: ContractRecord,
    fileType: ContractFileType,
    file: { url: string; name: string; size: number | null },
    t: Transaction,
    field = 'file',
  ): Promise<ContractFile> {
    const version = await this.d.files.nextVersion(c.id, fileType, t);
    const row = await this.d.files.create(
      {
        contractId: c.id,
        fileType,
        fileUrl: file.url,
        fileName: file.name,
        fileSize: file.size,
        uploadedBy: principal.userId,
      },
      version,
      t,
    );
    await this.d.uploads.attach([file.url], ownerOf(row.id), principal.userId, t, { purpose: 'contract', field });
    return toContractFileDto(row);
  }

  async list(principal: Principal, id: number): Promise<ContractFile[]> {
    const c = await mustFindContract(this.d, id, scopeFor(principal));
    return (await this.d.files.listFor(c.id)).map(toContractFileDto);
  }

  /**
   * 7.10: soft-deletes the row and frees its upload (the clean-up job removes the bytes). Once a contract is signed,
   * its contract and amendment files are the record of what was signed and stay; attachments may go.
   */
  async remove(principal: Principal, id: number, fileId: number): Promise<{ fileId: number; deleted: true }> {
    return this.d.db.transaction(async (t) => {
      const c = await mustFindContract(this.d, id, scopeFor(principal), t, true);
      const file = await this.d.files.find(c.id, fileId, t);
      if (!file) throw new AppError('CONTRACT_FILE_NOT_FOUND');
      if (c.status !== 'draft' && file.fileType !== 'attachment') throw new AppError('CONTRACT_FILE_LOCKED');
      if (!(await this.d.files.remove(file.id, principal.userId, this.d.clock.now(), t))) {
        throw new AppError('CONTRACT_FILE_NOT_FOUND');
      }
      await this.d.uploads.detach(ownerOf(file.id), t);
      return { fileId: file.id, deleted: true as const };
    });
  }
}
