import { Image, View } from '@tarojs/components';
import { previewPhotos } from '../../platform/media';
import './index.scss';

interface Props {
  /** Full-size photo URLs (opened full screen on tap). */
  urls: string[];
  /** Thumbnails, same order (the full photo when missing). */
  thumbnails?: (string | null)[];
}

/** Photo thumbnails in a grid; a tap opens them full screen. */
export default function PhotoGrid({ urls, thumbnails }: Props) {
  if (urls.length === 0) return null;
  return (
    <View className="photo-grid">
      {urls.map((url, i) => (
        <Image
          key={url}
          className="photo-grid__item"
          src={thumbnails?.[i] || url}
          mode="aspectFill"
          lazyLoad
          data-testid="progress-photo"
          onClick={() => previewPhotos(urls, url)}
        />
      ))}
    </View>
  );
}
