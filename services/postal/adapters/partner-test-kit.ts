import type { ShipmentOrder } from '../domain/creation.ts';

/**
 * For the adapters' tests (not a test file itself): the fake partner is the platform's fake HTTP
 * server (a real server on a loopback port), and an order to create.
 */
export {
  json,
  startFakeHttpServer as startFakePartner,
  type FakeHandler as PartnerHandler,
  type FakeHttpServer as FakePartnerServer,
  type ReceivedRequest,
} from '../../../libs/platform/fake-http-server.ts';

/** A result going back by post, as creation.ts would order it. */
export const ORDER: ShipmentOrder = {
  shipmentId: 'SHP-G01.001-260301-0007-R',
  direction: 'outbound',
  dossierCode: 'G01.001-260301-0007',
  agencyCode: 'G01.001',
  clientReference: 'G01.001-260301-0007',
  service: 'HCC',
  contents: 'Kết quả giải quyết hồ sơ G01.001-260301-0007 (thủ tục 1.001234)',
  from: { name: 'Trung tâm Phục vụ hành chính công', address: { line: '1 Lê Lợi', commune: 'Phường Bến Thành', province: 'Thành phố Hồ Chí Minh' } },
  to: { name: 'Nguyễn Văn A', phone: '0912345678', address: { line: '12 Nguyễn Trãi', commune: 'Phường Chợ Quán', province: 'Thành phố Hồ Chí Minh' } },
  collectOnDeliveryVnd: 25_000,
  requestedAt: '2026-03-05T07:30:00.000Z',
};
