import { deadlineClock } from '../../libs/calendar/deadlines.ts';
import { vietnamCalendar } from '../../libs/calendar/holiday-data.ts';
import agencies from '../../services/intake/data/agencies.json' with { type: 'json' };
import { Agency, Procedure } from '../../services/intake/domain/catalog.ts';
import { assertComplete, checkComponents } from '../../services/intake/domain/components.ts';
import { Submission, type Dossier } from '../../services/intake/domain/dossier.ts';
import { receive } from '../../services/intake/domain/actions/index.ts';

export const DISTRICT = Agency.parse((agencies as unknown[]).find((raw) => (raw as { code: string }).code === 'H38.22'));

/**
 * A first land registration with nine components, most with the long names the
 * provincial catalogues give them: the longest receipt a counter usually prints.
 */
export const LAND_REGISTRATION = Procedure.parse({
  code: '1.013978',
  name: 'Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất lần đầu đối với hộ gia đình, cá nhân, cộng đồng dân cư, người gốc Việt Nam định cư ở nước ngoài',
  nameEn: 'First registration of land and attached assets, and the land-use certificate',
  field: 'dat-dai',
  level: 'district',
  timeLimit: { unit: 'workingDays', value: 20 },
  components: [
    { code: 'DON_04A', name: 'Đơn đăng ký, cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất (Mẫu số 04/ĐK)', required: true, form: 'original', copies: 1 },
    { code: 'GIAY_TO_QSDD', name: 'Một trong các loại giấy tờ về quyền sử dụng đất quy định tại Điều 137 Luật Đất đai năm 2024 (nếu có)', required: false, form: 'certified-copy', copies: 1 },
    { code: 'GIAY_TO_TAI_SAN', name: 'Giấy tờ về quyền sở hữu nhà ở, công trình xây dựng gắn liền với đất theo quy định (trường hợp đăng ký tài sản gắn liền với đất)', required: false, form: 'certified-copy', copies: 1 },
    { code: 'SO_DO_TAI_SAN', name: 'Sơ đồ về tài sản gắn liền với đất (trừ trường hợp giấy tờ về quyền sở hữu tài sản đã có sơ đồ phù hợp với hiện trạng)', required: false, form: 'original', copies: 1 },
    { code: 'TRICH_LUC', name: 'Mảnh trích đo bản đồ địa chính thửa đất đối với nơi chưa có bản đồ địa chính hoặc đã có nhưng hiện trạng ranh giới thay đổi', required: false, form: 'original', copies: 1 },
    { code: 'NGHIA_VU_TC', name: 'Chứng từ thực hiện nghĩa vụ tài chính; giấy tờ liên quan đến việc miễn, giảm nghĩa vụ tài chính về đất đai (nếu có)', required: false, form: 'copy', copies: 1 },
    { code: 'VAN_BAN_UQ', name: 'Văn bản ủy quyền nộp hồ sơ hoặc nhận kết quả thủ tục hành chính (trường hợp nộp thay)', required: false, form: 'original', copies: 1 },
    { code: 'GIAY_TO_NHAN_THAN', name: 'Giấy tờ chứng minh nhân thân của người sử dụng đất, chủ sở hữu tài sản gắn liền với đất (Căn cước công dân hoặc Căn cước)', required: true, form: 'copy', copies: 2 },
    { code: 'XAC_NHAN_UBND_XA', name: 'Văn bản xác nhận của Ủy ban nhân dân cấp xã về nguồn gốc, thời điểm sử dụng đất và tình trạng tranh chấp đất đai', required: false, form: 'original', copies: 1 },
  ],
  fees: [{ name: 'Lệ phí cấp Giấy chứng nhận', amountVnd: 100_000 }],
  onlineLevel: 'mot-phan',
  postalAllowed: true,
  cutoffTime: null,
  supplement: { clock: 'restart', closeAfterWorkingDays: 15 },
  legalBasis: 'Luật Đất đai 2024; Nghị định 101/2024/NĐ-CP',
});

/** Received at the district's counter on Monday 24/11/2025 at 09:05, every component handed in. */
export function landDossier(overrides: { applicant?: Partial<Submission['applicant']>; resultDelivery?: Submission['resultDelivery']; receivedAt?: Date } = {}): Dossier {
  const submission = Submission.parse({
    procedureCode: LAND_REGISTRATION.code,
    agencyCode: DISTRICT.code,
    channel: 'counter',
    applicant: {
      fullName: 'Nguyễn Thị Phương Thảo Tôn Nữ Hoàng Khánh Linh',
      idNumber: '038185004321',
      phone: '0978123456',
      email: 'phuongthao.tonnu@example.vn',
      address: 'Số 127/45 đường Trần Hưng Đạo, khu phố Bình Minh, phường Hòa Bình, thành phố Lâm Giang, tỉnh Hòa Lâm',
      ...overrides.applicant,
    },
    documents: LAND_REGISTRATION.components.map((component) => ({ code: component.code })),
    resultDelivery: overrides.resultDelivery ?? { method: 'postal', address: { line: 'Số 9 đường Bạch Đằng, tổ dân phố 2', commune: 'Phường Hòa Bình', province: 'Tỉnh Hòa Lâm' } },
  });
  return receive({
    submission,
    documents: assertComplete(checkComponents(LAND_REGISTRATION, submission.documents)),
    procedure: LAND_REGISTRATION,
    agency: DISTRICT,
    code: 'H38.22-251124-0007',
    now: overrides.receivedAt ?? new Date('2025-11-24T09:05:00+07:00'),
    clock: deadlineClock(vietnamCalendar),
  }).dossier;
}
