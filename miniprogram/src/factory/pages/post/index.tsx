import { useEffect, useRef, useState } from 'react';
import type { ProgressStatus, ProgressType } from '@app/shared';
import { Button, Image, Text, Textarea, View } from '@tarojs/components';
import Taro, { useLoad, useRouter } from '@tarojs/taro';
import { fetchProgress, findFactoryOrder, postProgress } from '../../../api/factory';
import { ApiError, messageOf } from '../../../api/request';
import PhotoGrid from '../../../components/photo-grid';
import StateView from '../../../components/state-view';
import StatusTag from '../../../components/status-tag';
import { useLoader } from '../../../hooks/useLoader';
import { choosePhotos } from '../../../platform/media';
import { uploadPhoto } from '../../../platform/upload';
import { myFactoryId, newIdempotencyKey } from '../../shared/factory';
import {
  ORDER_STATUS,
  PROGRESS_STATUSES,
  PROGRESS_STATUS_TAG,
  PROGRESS_TYPES,
  dateTime,
  labelOf,
} from '../../shared/labels';
import './index.scss';

const MAX_PHOTOS = 9;
const MAX_DESCRIPTION = 1000;

interface Photo {
  id: string;
  /** The local file (retries upload it again); the thumbnail for photos restored from a draft. */
  path: string;
  state: 'uploading' | 'done' | 'failed';
  percent: number;
  url?: string;
  thumbnailUrl?: string | null;
}

/** What is kept in storage on every change, so nothing typed is lost (closed app, reload, failed submit). */
interface Draft {
  type: ProgressType | null;
  status: ProgressStatus | null;
  description: string;
  photos: { url: string; thumbnailUrl: string | null }[];
  /** One Idempotency-Key per draft: a submit retried after a lost answer makes one post. */
  key: string;
}

const draftKey = (orderId: number) => `factory.progress-draft.${orderId}`;

function readDraft(orderId: number): Draft {
  const empty: Draft = { type: null, status: null, description: '', photos: [], key: newIdempotencyKey() };
  try {
    const saved = Taro.getStorageSync(draftKey(orderId)) as Partial<Draft> | '';
    if (!saved || typeof saved !== 'object') return empty;
    return {
      type: saved.type ?? null,
      status: saved.status ?? null,
      description: typeof saved.description === 'string' ? saved.description : '',
      photos: Array.isArray(saved.photos) ? saved.photos.filter((p) => typeof p?.url === 'string') : [],
      key: typeof saved.key === 'string' && saved.key ? saved.key : empty.key,
    };
  } catch {
    return empty;
  }
}

let photoSeq = 0;
const photoId = () => `p${Date.now()}-${(photoSeq += 1)}`;

/** The post errors of 000, said as sentences. */
function postErrorText(err: unknown): string {
  if (!(err instanceof ApiError)) return messageOf(err);
  switch (err.code) {
    case 'NETWORK':
      return '网络不可用，进度未提交。填写的内容已保存，请检查网络后再次提交';
    case 'ORDER_NOT_FOUND':
      return '订单不存在，或不是本厂承接的订单';
    case 'ORDER_INVALID_STATUS':
      return '订单已完成或已取消，不能再填报进度';
    case 'IDEMPOTENCY_IN_PROGRESS':
      return '上一次提交仍在处理中，请稍候再试';
    default:
      return err.message;
  }
}

/** Posting production progress on one order (stage, status, note, photos), and the posts already made. */
export default function FactoryPost() {
  const router = useRouter();
  const orderId = Number(router.params.orderId);
  const [initial] = useState(() => readDraft(orderId));
  const [type, setType] = useState<ProgressType | null>(initial.type);
  const [status, setStatus] = useState<ProgressStatus | null>(initial.status);
  const [description, setDescription] = useState(initial.description);
  const [photos, setPhotos] = useState<Photo[]>(() =>
    initial.photos.map((p) => ({
      id: photoId(),
      path: p.thumbnailUrl || p.url,
      state: 'done',
      percent: 100,
      url: p.url,
      thumbnailUrl: p.thumbnailUrl,
    })),
  );
  const [key, setKey] = useState(initial.key);
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const sending = useRef(false);

  const order = useLoader(() => findFactoryOrder('mine', orderId));
  const posts = useLoader(() => fetchProgress(orderId));

  useLoad(() => {
    void order.reload();
    void posts.reload();
  });

  // Every change goes to storage at once: the draft survives a closed app or a reload.
  useEffect(() => {
    const draft: Draft = {
      type,
      status,
      description,
      photos: photos
        .filter((p) => p.state === 'done' && p.url)
        .map((p) => ({ url: p.url as string, thumbnailUrl: p.thumbnailUrl ?? null })),
      key,
    };
    Taro.setStorageSync(draftKey(orderId), draft);
  }, [orderId, type, status, description, photos, key]);

  const patchPhoto = (id: string, patch: Partial<Photo>) =>
    setPhotos((all) => all.map((p) => (p.id === id ? { ...p, ...patch } : p)));

  const upload = async (photo: Photo) => {
    patchPhoto(photo.id, { state: 'uploading', percent: 0 });
    try {
      const file = await uploadPhoto(photo.path, (percent) => patchPhoto(photo.id, { percent }));
      patchPhoto(photo.id, { state: 'done', percent: 100, url: file.url, thumbnailUrl: file.thumbnailUrl });
    } catch {
      patchPhoto(photo.id, { state: 'failed' });
    }
  };

  const addPhotos = async () => {
    const room = MAX_PHOTOS - photos.length;
    if (room <= 0) {
      void Taro.showToast({ title: `最多 ${MAX_PHOTOS} 张照片`, icon: 'none' });
      return;
    }
    let paths: string[];
    try {
      paths = await choosePhotos(room);
    } catch (err) {
      // A cancel in the picker is no error; anything else is said.
      const msg = err && typeof err === 'object' && 'errMsg' in err ? String(err.errMsg) : '';
      if (!/cancel/i.test(msg)) void Taro.showToast({ title: '无法选择照片，请重试', icon: 'none' });
      return;
    }
    const added: Photo[] = paths.map((path) => ({ id: photoId(), path, state: 'uploading', percent: 0 }));
    setPhotos((all) => [...all, ...added]);
    setFormError(null);
    await Promise.all(added.map((p) => upload(p)));
  };

  const removePhoto = (id: string) => setPhotos((all) => all.filter((p) => p.id !== id));

  const uploading = photos.some((p) => p.state === 'uploading');
  const failed = photos.some((p) => p.state === 'failed');

  const submit = async () => {
    if (sending.current) return;
    if (!type) return setFormError('请选择进度阶段');
    if (!status) return setFormError('请选择阶段状态');
    if (description.length > MAX_DESCRIPTION) return setFormError(`进度说明最多 ${MAX_DESCRIPTION} 字`);
    if (uploading) return setFormError('照片正在上传，请稍候');
    if (failed) return setFormError('有照片上传失败，请点“重试”或删除后再提交');
    setFormError(null);
    sending.current = true;
    setBusy(true);
    try {
      const images = photos.map((p) => p.url).filter((u): u is string => Boolean(u));
      await postProgress(
        orderId,
        { factoryId: await myFactoryId(), type, status, description: description.trim(), images },
        key,
      );
      // Only a post the server took clears the draft.
      Taro.removeStorageSync(draftKey(orderId));
      setType(null);
      setStatus(null);
      setDescription('');
      setPhotos([]);
      setKey(newIdempotencyKey());
      void Taro.showToast({ title: '进度已提交', icon: 'success' });
      void posts.reload();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'IDEMPOTENCY_KEY_REUSED') {
        // The draft changed after a submit whose answer was lost: that one may be saved; this one gets a new key.
        setKey(newIdempotencyKey());
        void posts.reload();
        setFormError('上次提交的进度可能已保存（见下方记录），内容有改动；确认需要再次提交请再点“提交进度”');
      } else {
        setFormError(postErrorText(err));
      }
    } finally {
      sending.current = false;
      setBusy(false);
    }
  };

  const o = order.data;
  const list = [...(posts.data ?? [])].reverse();
  return (
    <View className="screen factory-post">
      <View className="card factory-post__order">
        <View className="factory-post__order-head">
          <Text className="card__title" data-testid="post-order-no">
            {o?.order_no ?? `订单 ${orderId}`}
          </Text>
          {o ? <StatusTag label={ORDER_STATUS[o.status].label} tone={ORDER_STATUS[o.status].tone} /> : null}
        </View>
        {o && o.lines.length > 0 ? (
          <Text className="factory-post__order-lines">
            {o.lines.map((l) => `${l.product_name} ×${l.quantity}${l.unit ?? ''}`).join('；')}
          </Text>
        ) : null}
      </View>

      <Text className="section-title">填报进度</Text>
      <View className="form">
        <View className="form__field">
          <Text className="form__label">阶段</Text>
          <View className="chips">
            {PROGRESS_TYPES.map((t) => (
              <Text
                key={t.value}
                className={`chips__item${type === t.value ? ' chips__item--active' : ''}`}
                data-testid={`stage-${t.value}`}
                onClick={() => {
                  setType(t.value);
                  setFormError(null);
                }}
              >
                {t.label}
              </Text>
            ))}
          </View>
        </View>
        <View className="form__field">
          <Text className="form__label">状态</Text>
          <View className="chips">
            {PROGRESS_STATUSES.map((s) => (
              <Text
                key={s.value}
                className={`chips__item${status === s.value ? ' chips__item--active' : ''}`}
                data-testid={`status-${s.value}`}
                onClick={() => {
                  setStatus(s.value);
                  setFormError(null);
                }}
              >
                {s.label}
              </Text>
            ))}
          </View>
        </View>
        <View className="form__field">
          <Text className="form__label">进度说明</Text>
          <Textarea
            className="form__textarea"
            name="description"
            data-testid="description"
            placeholder="如：面料已到货，开始裁剪（选填）"
            value={description}
            maxlength={MAX_DESCRIPTION}
            onInput={(e) => setDescription(e.detail.value)}
          />
        </View>
        <View className="form__field">
          <Text className="form__label">
            现场照片（{photos.length}/{MAX_PHOTOS}）
          </Text>
          <View className="uploads">
            {photos.map((p) => (
              <View key={p.id} className="uploads__item" data-testid="photo-item" data-state={p.state}>
                <Image className="uploads__img" src={p.thumbnailUrl || p.path} mode="aspectFill" />
                {p.state === 'uploading' ? (
                  <View className="uploads__mask">
                    <Text data-testid="photo-progress">{p.percent}%</Text>
                  </View>
                ) : null}
                {p.state === 'failed' ? (
                  <View
                    className="uploads__mask uploads__mask--failed"
                    data-testid="photo-retry"
                    onClick={() => void upload(p)}
                  >
                    <Text>上传失败</Text>
                    <Text className="uploads__retry">重试</Text>
                  </View>
                ) : null}
                {p.state === 'done' ? (
                  <Text className="uploads__done" data-testid="photo-done">
                    100%
                  </Text>
                ) : null}
                {p.state !== 'uploading' ? (
                  <Text className="uploads__remove" data-testid="photo-remove" onClick={() => removePhoto(p.id)}>
                    ×
                  </Text>
                ) : null}
              </View>
            ))}
            {photos.length < MAX_PHOTOS ? (
              <View className="uploads__add" data-testid="add-photo" onClick={() => void addPhotos()}>
                <Text className="uploads__plus">+</Text>
                <Text className="uploads__add-text">拍照/相册</Text>
              </View>
            ) : null}
          </View>
        </View>
      </View>
      {formError ? (
        <Text className="factory-post__error" data-testid="post-error">
          {formError}
        </Text>
      ) : null}
      <Button
        className="btn-primary"
        data-testid="progress-submit"
        loading={busy}
        disabled={busy || uploading}
        onClick={() => void submit()}
      >
        {uploading ? '照片上传中…' : '提交进度'}
      </Button>
      <Text className="hint">填写的内容会自动保存为草稿，提交成功后清除。</Text>

      <Text className="section-title">已填报的进度</Text>
      <StateView
        loading={posts.loading}
        error={posts.error}
        empty={list.length === 0}
        emptyText="还没有填报过进度"
        onRetry={() => void posts.reload()}
      >
        {list.map((p) => {
          const tag = PROGRESS_STATUS_TAG[p.status];
          return (
            <View key={p.id} className="card progress-item" data-testid="progress-item">
              <View className="progress-item__head">
                <Text className="progress-item__stage">{labelOf(PROGRESS_TYPES, p.type)}</Text>
                <StatusTag label={tag.label} tone={tag.tone} />
              </View>
              {p.description ? <Text className="progress-item__text">{p.description}</Text> : null}
              <PhotoGrid urls={p.images} thumbnails={p.thumbnails} />
              <Text className="progress-item__meta">{dateTime(p.created_at)}</Text>
            </View>
          );
        })}
      </StateView>
    </View>
  );
}
