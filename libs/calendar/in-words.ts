import { localDateOf, localMinutesOf } from './working-days.ts';

/** Times as Vietnamese administrative documents write them, always in Vietnam time. */

const pad2 = (n: number): string => String(n).padStart(2, '0');

/** "ngày 05 tháng 02 năm 2026": days below 10 and months 1–2 take a leading zero (Decree 30/2020/NĐ-CP). */
export function dateInWords(instant: Date): string {
  const { year, month, day } = localDateOf(instant);
  return `ngày ${pad2(day)} tháng ${month <= 2 ? pad2(month) : month} năm ${year}`;
}

/** "09 giờ 05 phút, ngày 14 tháng 7 năm 2025", Vietnam time: how a form writes a time received, due or handed over. */
export function timeInWords(instant: Date): string {
  const minutes = localMinutesOf(instant);
  return `${pad2(Math.floor(minutes / 60))} giờ ${pad2(minutes % 60)} phút, ${dateInWords(instant)}`;
}
