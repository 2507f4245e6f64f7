import { Text, View } from '@tarojs/components';
import { useLoad, useRouter } from '@tarojs/taro';
import { fetchMaterialProgress } from '../../../api/customer';
import { ApiError } from '../../../api/request';
import PhotoGrid from '../../../components/photo-grid';
import StateView from '../../../components/state-view';
import StatusTag from '../../../components/status-tag';
import { useLoader } from '../../../hooks/useLoader';
import { customerRead } from '../../shared/guard';
import { formatTime, materialStatusOf, progressStatusOf, stageLabelOf } from '../../shared/labels';
import './index.scss';

/** A material's production: the factory's posts as a timeline (latest first), each with its photos. */
export default function Material() {
  const { params } = useRouter();
  const materialId = params.materialId ?? '';

  const material = useLoader(() =>
    customerRead(() => {
      if (!materialId) throw new ApiError(400, 'MATERIAL_ID_MISSING', '缺少物料编号，请从订单详情进入');
      return fetchMaterialProgress(materialId);
    }),
  );

  useLoad(() => {
    void material.reload();
  });

  const m = material.data;
  const status = m ? materialStatusOf(m.status) : null;
  // The newest post first: what a customer opens this page to see.
  const posts = m ? [...m.progress].reverse() : [];

  return (
    <View className="screen material">
      <StateView loading={material.loading} error={material.error} onRetry={() => void material.reload()}>
        {m && status ? (
          <>
            <View className="card" data-testid="material-summary">
              <View className="material__head">
                <Text className="material__name">{m.material_name || m.material_code || '物料'}</Text>
                <StatusTag label={status.label} tone={status.tone} />
              </View>
              {m.material_code ? (
                <View className="card__row">
                  <Text>物料编码</Text>
                  <Text>{m.material_code}</Text>
                </View>
              ) : null}
              <View className="card__row">
                <Text>数量</Text>
                <Text>
                  {m.quantity ?? '—'}
                  {m.unit ?? ''}
                </Text>
              </View>
              <View className="card__row">
                <Text>所属订单</Text>
                <Text>{m.order_no}</Text>
              </View>
              <View className="card__row">
                <Text>生产工厂</Text>
                <Text>{m.factory_name ?? '待安排'}</Text>
              </View>
            </View>

            <Text className="section-title">生产进度</Text>
            {posts.length === 0 ? (
              <View className="card material__empty" data-testid="progress-empty">
                <Text>{m.factory_id ? '工厂尚未填报进度，请稍后查看' : '该物料尚未安排生产'}</Text>
              </View>
            ) : (
              <View className="card timeline" data-testid="progress-timeline">
                {posts.map((p, i) => {
                  const ps = progressStatusOf(p.status);
                  return (
                    <View
                      key={p.id}
                      className={`timeline__item${i === 0 ? ' timeline__item--latest' : ''}`}
                      data-testid="progress-item"
                    >
                      <View className={`timeline__dot timeline__dot--${ps.tone}`} />
                      <View className="timeline__body">
                        <View className="timeline__head">
                          <Text className="timeline__stage" data-testid="progress-stage">
                            {stageLabelOf(p.type)}
                          </Text>
                          <StatusTag label={ps.label} tone={ps.tone} />
                        </View>
                        <Text className="timeline__time">{formatTime(p.created_at)}</Text>
                        {p.description ? <Text className="timeline__desc">{p.description}</Text> : null}
                        {p.planned_time && p.status !== 'completed' ? (
                          <Text className="timeline__meta">计划完成：{formatTime(p.planned_time)}</Text>
                        ) : null}
                        {p.completed_time ? (
                          <Text className="timeline__meta">完成时间：{formatTime(p.completed_time)}</Text>
                        ) : null}
                        <PhotoGrid urls={p.images} thumbnails={p.thumbnails} />
                      </View>
                    </View>
                  );
                })}
              </View>
            )}
          </>
        ) : null}
      </StateView>
    </View>
  );
}
