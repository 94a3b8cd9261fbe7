import type { Figures } from './figures.ts';

/**
 * The line leaders read, in the published form and Vietnamese formatting:
 * "Tiếp nhận 22.547 hồ sơ; giải quyết trước hạn và đúng hạn 22.379 hồ sơ (99,26%); …".
 */

const count = new Intl.NumberFormat('vi-VN');
const percent = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });

/** `22.547` */
export const viNumber = (n: number): string => count.format(n);
/** `99,26%` (no trailing zeros: `99,4%`, `100%`). */
export const viPercent = (value: number | null): string => (value === null ? '—' : `${percent.format(value)}%`);

export function narrativeOf(figures: Figures): string {
  const parts = [`Tiếp nhận ${viNumber(figures.received)} hồ sơ`];
  const published = figures.published;
  if (published) {
    const share = (label: string, s: { count: number; percent: number | null }) => `${label} ${viNumber(s.count)} hồ sơ (${viPercent(s.percent)})`;
    parts.push(
      share('giải quyết trước hạn và đúng hạn', published.earlyOrOnTime),
      share('đang giải quyết trong hạn', published.inProgressWithinDeadline),
      share('quá hạn', published.overdue),
    );
    if (published.closedWithoutResult.count > 0) parts.push(share('từ chối, rút hoặc dừng xử lý', published.closedWithoutResult));
  }
  const { online, counter, postal } = figures.receivedByChannel;
  parts.push(`trực tuyến ${viNumber(online)} hồ sơ, trực tiếp và qua bưu chính ${viNumber(counter + postal)} hồ sơ`);
  const { answers, satisfiedPercent } = figures.satisfaction;
  if (answers > 0) parts.push(`hài lòng và rất hài lòng ${viPercent(satisfiedPercent)} (${viNumber(answers)} lượt đánh giá)`);
  return `${parts.join('; ')}.`;
}
