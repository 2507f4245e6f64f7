import Taro from '@tarojs/taro';
import { isH5 } from './env';

/** Photos are sent at most this wide or high: enough to read a label, small enough for a phone network. */
const MAX_SIDE = 1600;
const JPEG_QUALITY = 0.8;

/**
 * Photos taken with the camera or picked from the album, compressed; answers local paths that `uploadFile` takes
 * (temp files in WeChat, blob: URLs in H5).
 */
export async function choosePhotos(count: number): Promise<string[]> {
  if (count <= 0) return [];
  const res = await Taro.chooseMedia({
    count,
    mediaType: ['image'],
    sourceType: ['album', 'camera'],
    sizeType: ['compressed'],
  });
  const paths = res.tempFiles.map((f) => f.tempFilePath);
  return Promise.all(paths.map((p) => compress(p)));
}

async function compress(path: string): Promise<string> {
  if (isH5) return compressInBrowser(path).catch(() => path);
  try {
    const { tempFilePath } = await Taro.compressImage({ src: path, quality: 80 });
    return tempFilePath;
  } catch {
    return path;
  }
}

/** H5 has no compressImage: draw the photo on a canvas no larger than MAX_SIDE and take a JPEG of it. */
async function compressInBrowser(url: string): Promise<string> {
  const image = await new Promise<HTMLImageElement>((resolve, reject) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => reject(new Error('not an image'));
    img.src = url;
  });
  const scale = Math.min(1, MAX_SIDE / Math.max(image.naturalWidth, image.naturalHeight));
  if (scale === 1 && url.startsWith('blob:')) return url;
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(image.naturalWidth * scale);
  canvas.height = Math.round(image.naturalHeight * scale);
  canvas.getContext('2d')?.drawImage(image, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY));
  return blob ? URL.createObjectURL(blob) : url;
}

/** Full-screen preview of photos, starting at `current`. */
export function previewPhotos(urls: string[], current: string): void {
  void Taro.previewImage({ urls, current });
}
