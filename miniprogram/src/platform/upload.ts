import Taro from '@tarojs/taro';
import type { UploadedFile } from '@app/shared';
import { ApiError, apiUrl, unwrap } from '../api/request';
import { renewSession, sessionToken } from '../api/session';

/**
 * One photo to `POST /api/upload` (multipart field `file`, purpose image), reporting progress 0-100.
 * A 401 renews the session and sends once more; a network failure is an ApiError the page offers to retry.
 */
export async function uploadPhoto(path: string, onProgress: (percent: number) => void): Promise<UploadedFile> {
  for (let renewed = false; ; renewed = true) {
    const token = sessionToken();
    let res: Taro.uploadFile.SuccessCallbackResult;
    try {
      const task = Taro.uploadFile({
        url: apiUrl('/api/files/upload'),
        filePath: path,
        name: 'file',
        formData: { type: 'image' },
        header: token ? { Authorization: `Bearer ${token}` } : {},
        timeout: 60_000,
      });
      task.progress?.((p) => onProgress(p.progress));
      res = await task;
    } catch {
      throw new ApiError(0, 'NETWORK', '上传失败，请检查网络后重试');
    }
    if (res.statusCode === 401 && !renewed) {
      await renewSession();
      continue;
    }
    const { files } = unwrap<{ files: UploadedFile[] }>(res.statusCode, res.data);
    const [file] = files;
    if (!file) throw new ApiError(res.statusCode, 'BAD_RESPONSE', '上传失败，请重试');
    onProgress(100);
    return file;
  }
}
