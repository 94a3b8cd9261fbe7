import { DomainError } from '../../../libs/platform/errors.ts';
import type { AdministrativeLevel, Agency } from './catalog.ts';

type Receivable = { readonly level: AdministrativeLevel; readonly receivingLevels?: readonly AdministrativeLevel[] };

const LEVEL_NAMES_VI: Record<AdministrativeLevel, string> = { province: 'cấp tỉnh', district: 'cấp huyện', commune: 'cấp xã' };

/** Where a procedure may be filed: its declared receiving levels, or else only where it is resolved. */
export function receivingLevelsOf(procedure: Receivable): readonly AdministrativeLevel[] {
  return procedure.receivingLevels ?? [procedure.level];
}

/**
 * A one-stop counter receives only the procedures published for its level: a commune does
 * not take a dossier that only the provincial centre may receive (422, nothing written).
 */
export function assertReceivableAt(procedure: Receivable, agency: Pick<Agency, 'level'>): void {
  const allowed = receivingLevelsOf(procedure);
  if (allowed.includes(agency.level)) return;
  throw new DomainError(
    'PROCEDURE_NOT_RECEIVED_HERE',
    `Thủ tục này không được tiếp nhận tại cơ quan ${LEVEL_NAMES_VI[agency.level]} (chỉ tiếp nhận tại: ${allowed.map((level) => LEVEL_NAMES_VI[level]).join(', ')})`,
    `This procedure is not received at ${agency.level} level (received at: ${allowed.join(', ')})`,
    { procedureLevel: procedure.level, agencyLevel: agency.level, receivingLevels: allowed },
  );
}
