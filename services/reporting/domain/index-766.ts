import type { SatisfactionLevel } from '../../../libs/events/survey.ts';

/**
 * The groups of the service index of Decision 766/QĐ-TTg (2022) that motcua's figures support,
 * and the groups it cannot compute, with what they would need.
 *
 * The groups and their maximum points are the ones the national portal shows (DOMAIN.md
 * "Service index"): publicity & transparency 18, progress of resolution 20, online services 12,
 * online payment 10, satisfaction 18, digitisation 22, out of 100.
 *
 * What is established, and what is assumed:
 * - Progress of resolution: on-time share = resolved early or on time ÷ resolved (DOMAIN.md).
 *   How the Decision turns the share into its 20 points is not established here: ASSUMED
 *   points = 20 × share.
 * - Online services: the Decision's sub-criteria and their split of the 12 points are not
 *   established. ASSUMED two equal halves, from the dossiers motcua counts: the share received
 *   online, and the share received online under a fully online (toàn trình) service;
 *   points = 6 × each share. Measures of procedures (how many are offered online) need the
 *   catalogue, not these figures.
 * - Satisfaction: the group is three ratios of 6 points each, per published summaries of the
 *   Decision (lamdong.dcs.vn, baocaotaichinh.vn, 2022): complaints answered on time,
 *   satisfaction with how complaints were answered, and satisfaction with receiving and resolving
 *   dossiers = (dossiers − dossiers rated not satisfied or complained about) ÷ dossiers. motcua
 *   records no complaints (phản ánh, kiến nghị): it computes the third ratio with none, and the
 *   other 12 points stay uncomputed. The summaries say the 6 points are earned against the
 *   targets of Resolution 76/NQ-CP; ASSUMED points = 6 × share. "Dossiers" are those received in
 *   the period, the ratings those the survey counted in it (one per dossier). A share below 0
 *   (more ratings than dossiers, when ratings of earlier dossiers arrive in the period) is held
 *   at 0.
 * - Grades: ≥ 80 good, 50–70 average, < 50 weak (DOMAIN.md). The bands are read as contiguous:
 *   70 to 80 is graded average. motcua cannot compute the whole index, so the grade is of the
 *   computed part scaled to 100 (points ÷ computed maximum), which is not the official grade.
 *
 * Shares are exact; points are rounded to hundredths, as the portal shows them. No dossier to
 * compute a share from gives a null share and null points, never a division by zero.
 */

export const INDEX_766_GROUP_KEYS = ['publicity', 'progress', 'online', 'online-payment', 'satisfaction', 'digitisation'] as const;
export type Index766Group = (typeof INDEX_766_GROUP_KEYS)[number];

type Text = { vi: string; en: string };

/** The groups' names and maximum points, as the national portal shows them. */
export const INDEX_766_GROUPS: Readonly<Record<Index766Group, { label: Text; maxPoints: number }>> = {
  publicity: { label: { vi: 'Công khai, minh bạch', en: 'Publicity and transparency' }, maxPoints: 18 },
  progress: { label: { vi: 'Tiến độ, kết quả giải quyết', en: 'Progress of resolution' }, maxPoints: 20 },
  online: { label: { vi: 'Cung cấp dịch vụ trực tuyến', en: 'Online services' }, maxPoints: 12 },
  'online-payment': { label: { vi: 'Thanh toán trực tuyến', en: 'Online payment' }, maxPoints: 10 },
  satisfaction: { label: { vi: 'Mức độ hài lòng', en: 'Satisfaction' }, maxPoints: 18 },
  digitisation: { label: { vi: 'Số hóa hồ sơ', en: 'Digitisation' }, maxPoints: 22 },
};

/** The aggregate figures of an agency and period the index is computed from. */
export type Index766Figures = {
  received: number;
  resolvedEarly: number;
  resolvedOnTime: number;
  resolvedLate: number;
  /** Of `received`: received online. */
  onlineReceived: number;
  /** Of `onlineReceived`: under a fully online (toàn trình) service. */
  onlineFullProcedureReceived: number;
  /** Survey answers by level (first answer per dossier). */
  ratings: Record<SatisfactionLevel, number>;
};

export type Index766Input = { name: string; value: number; note?: Text };

export type ComputedGroup = {
  group: Index766Group;
  label: Text;
  maxPoints: number;
  computable: true;
  /** The part of `maxPoints` motcua computes (less when a part needs data it lacks). */
  computedMaxPoints: number;
  /** Null when there is nothing to compute a share from. */
  points: number | null;
  shares: Record<string, number | null>;
  formula: Text;
  inputs: Index766Input[];
  /** What the uncomputed part of the group would need, if any. */
  needs?: Text;
};

export type UncomputableGroup = { group: Index766Group; label: Text; maxPoints: number; computable: false; needs: Text };

export type Index766Grade = { grade: 'good' | 'average' | 'weak'; label: Text };

export type Index766 = {
  groups: (ComputedGroup | UncomputableGroup)[];
  total: {
    /** Sum of the computed groups' points; null when no group could be computed. */
    points: number | null;
    /** Sum of the computed maximums of the groups that have points. */
    computedMaxPoints: number;
    /** points ÷ computedMaxPoints × 100. */
    percentOfComputed: number | null;
    grade: Index766Grade | null;
  };
};

const round2 = (n: number): number => Math.round(n * 100) / 100;
const named = (values: Record<string, number>): Index766Input[] => Object.entries(values).map(([name, value]) => ({ name, value }));
const shareOf = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

function computed(group: Index766Group, rest: Omit<ComputedGroup, 'group' | 'label' | 'maxPoints' | 'computable'>): ComputedGroup {
  const { label, maxPoints } = INDEX_766_GROUPS[group];
  return { group, label, maxPoints, computable: true, ...rest, points: rest.points === null ? null : round2(rest.points) };
}

function uncomputable(group: Index766Group, needs: Text): UncomputableGroup {
  const { label, maxPoints } = INDEX_766_GROUPS[group];
  return { group, label, maxPoints, computable: false, needs };
}

function progressGroup(f: Index766Figures): ComputedGroup {
  const resolved = f.resolvedEarly + f.resolvedOnTime + f.resolvedLate;
  const onTime = shareOf(f.resolvedEarly + f.resolvedOnTime, resolved);
  return computed('progress', {
    computedMaxPoints: 20,
    points: onTime === null ? null : 20 * onTime,
    shares: { onTime },
    formula: {
      vi: 'Tỷ lệ đúng hạn = (số hồ sơ giải quyết trước hạn + đúng hạn) ÷ số hồ sơ đã giải quyết; điểm = 20 × tỷ lệ (giả định: cách quy đổi điểm chính thức chưa được xác lập)',
      en: 'On-time share = (resolved early + on time) ÷ resolved; points = 20 × share (assumed: the official conversion to points is not established)',
    },
    inputs: named({ resolvedEarly: f.resolvedEarly, resolvedOnTime: f.resolvedOnTime, resolvedLate: f.resolvedLate, resolved }),
  });
}

function onlineGroup(f: Index766Figures): ComputedGroup {
  const online = shareOf(f.onlineReceived, f.received);
  const fullOnline = shareOf(f.onlineFullProcedureReceived, f.received);
  return computed('online', {
    computedMaxPoints: 12,
    points: online === null || fullOnline === null ? null : 6 * online + 6 * fullOnline,
    shares: { online, fullOnline },
    formula: {
      vi: 'Tỷ lệ hồ sơ trực tuyến = số hồ sơ nộp trực tuyến ÷ số hồ sơ tiếp nhận; tỷ lệ trực tuyến toàn trình = số hồ sơ nộp trực tuyến qua dịch vụ toàn trình ÷ số hồ sơ tiếp nhận; điểm = 6 × tỷ lệ thứ nhất + 6 × tỷ lệ thứ hai (giả định: các tiêu chí thành phần và cách chia 12 điểm chưa được xác lập)',
      en: 'Online share = received online ÷ received; full-procedure share = received online under a fully online service ÷ received; points = 6 × the first + 6 × the second (assumed: the sub-criteria and their split of the 12 points are not established)',
    },
    inputs: named({ received: f.received, onlineReceived: f.onlineReceived, onlineFullProcedureReceived: f.onlineFullProcedureReceived }),
  });
}

function satisfactionGroup(f: Index766Figures): ComputedGroup {
  const notSatisfied = f.ratings['not-satisfied'];
  const complaints = 0;
  const raw = shareOf(f.received - notSatisfied - complaints, f.received);
  const satisfied = raw === null ? null : Math.max(0, raw);
  return computed('satisfaction', {
    computedMaxPoints: 6,
    points: satisfied === null ? null : 6 * satisfied,
    shares: { satisfied },
    formula: {
      vi: 'Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC = (số hồ sơ − số hồ sơ bị đánh giá không hài lòng hoặc có phản ánh, kiến nghị) ÷ số hồ sơ; điểm = 6 × tỷ lệ (giả định: Quyết định chấm theo mục tiêu của Nghị quyết 76/NQ-CP)',
      en: 'Satisfaction with receiving and resolving = (dossiers − dossiers rated not satisfied or complained about) ÷ dossiers; points = 6 × share (assumed: the Decision scores it against the targets of Resolution 76/NQ-CP)',
    },
    inputs: [
      { name: 'dossiers', value: f.received, note: { vi: 'Số hồ sơ tiếp nhận trong kỳ', en: 'Dossiers received in the period' } },
      { name: 'ratedNotSatisfied', value: notSatisfied },
      {
        name: 'complaints',
        value: complaints,
        note: { vi: 'motcua chưa ghi nhận phản ánh, kiến nghị: tính là 0', en: 'motcua records no complaints: counted as none' },
      },
    ],
    needs: {
      vi: 'Phản ánh, kiến nghị (12 điểm): số phản ánh, kiến nghị, số được xử lý đúng hạn, số bị phản hồi không hài lòng',
      en: 'Complaints (12 points): how many, how many answered on time, how many answers were rated not satisfactory',
    },
  });
}

/** ≥ 80 good, below 50 weak, average between (DOMAIN.md's 50–70 band extended to 80). */
export function gradeOf(percent: number): Index766Grade {
  if (percent >= 80) return { grade: 'good', label: { vi: 'Tốt', en: 'Good' } };
  if (percent >= 50) return { grade: 'average', label: { vi: 'Trung bình', en: 'Average' } };
  return { grade: 'weak', label: { vi: 'Yếu', en: 'Weak' } };
}

/** The Decision 766 groups for an agency and period, from its aggregate figures. */
export function index766(figures: Index766Figures): Index766 {
  const groups = [
    uncomputable('publicity', {
      vi: 'Việc công bố, công khai TTHC đúng hạn trên Cơ sở dữ liệu quốc gia và đồng bộ trạng thái hồ sơ lên Cổng Dịch vụ công quốc gia: motcua chỉ có danh mục thủ tục và trạng thái hồ sơ của mình',
      en: 'Procedures published on time in the national database and dossier statuses synchronised to the national portal: motcua holds only its own catalogue and dossier statuses',
    }),
    progressGroup(figures),
    onlineGroup(figures),
    uncomputable('online-payment', {
      vi: 'Cách nộp phí, lệ phí của từng hồ sơ (trực tuyến hay không): motcua ghi nhận việc yêu cầu và nhận phí, không ghi nhận hình thức thanh toán',
      en: 'How each fee was paid (online or not): motcua records that a fee was requested and received, not how it was paid',
    }),
    satisfactionGroup(figures),
    uncomputable('digitisation', {
      vi: 'Thành phần hồ sơ và kết quả giải quyết được số hóa, tái sử dụng: motcua không ghi nhận việc số hóa',
      en: 'Dossier components and results digitised and reused: motcua records no digitisation',
    }),
  ];
  const scored = groups.filter((g): g is ComputedGroup & { points: number } => g.computable && g.points !== null);
  if (scored.length === 0) return { groups, total: { points: null, computedMaxPoints: 0, percentOfComputed: null, grade: null } };
  const points = round2(scored.reduce((sum, g) => sum + g.points, 0));
  const computedMaxPoints = scored.reduce((sum, g) => sum + g.computedMaxPoints, 0);
  const percentOfComputed = round2((points / computedMaxPoints) * 100);
  return { groups, total: { points, computedMaxPoints, percentOfComputed, grade: gradeOf(percentOfComputed) } };
}
