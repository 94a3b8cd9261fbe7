import type { Procedure } from './catalog.ts';
import type { ReceivedDocument } from './dossier.ts';
import { DomainError } from '../../../libs/platform/errors.ts';

export interface ComponentCheck {
  readonly received: ReceivedDocument[];
  readonly missing: { code: string; name: string; copiesRequired: number; copiesReceived: number }[];
  readonly notOnChecklist: string[];
  readonly duplicated: string[];
}

/**
 * Officers take exactly what the procedure's checklist asks: every required component
 * in the required number of copies, nothing that is not on the list.
 */
export function checkComponents(procedure: Procedure, documents: { code: string; copies?: number }[]): ComponentCheck {
  const byCode = new Map(procedure.components.map((component) => [component.code, component]));
  const seen = new Set<string>();
  const duplicated: string[] = [];
  const notOnChecklist: string[] = [];
  const received: ReceivedDocument[] = [];
  for (const document of documents) {
    if (seen.has(document.code)) duplicated.push(document.code);
    seen.add(document.code);
    const spec = byCode.get(document.code);
    if (!spec) notOnChecklist.push(document.code);
    else received.push({ code: spec.code, name: spec.name, copies: document.copies ?? spec.copies });
  }
  const missing = procedure.components
    .filter((component) => component.required)
    .map((component) => {
      const copiesReceived = received.find((document) => document.code === component.code)?.copies ?? 0;
      return { code: component.code, name: component.name, copiesRequired: component.copies, copiesReceived };
    })
    .filter((component) => component.copiesReceived < component.copiesRequired);
  return { received, missing, notOnChecklist, duplicated };
}

/** Refuses naming every problem at once, so the officer can tell the citizen everything in one go. */
export function assertComplete(check: ComponentCheck): ReceivedDocument[] {
  if (check.missing.length) {
    throw new DomainError('MISSING_COMPONENTS', 'Hồ sơ thiếu thành phần bắt buộc', 'Required components are missing', {
      missing: check.missing,
      ...(check.notOnChecklist.length ? { notOnChecklist: check.notOnChecklist } : {}),
      ...(check.duplicated.length ? { duplicated: check.duplicated } : {}),
    });
  }
  if (check.notOnChecklist.length || check.duplicated.length) {
    throw new DomainError(
      'COMPONENTS_NOT_ON_CHECKLIST',
      'Hồ sơ có thành phần không thuộc danh mục của thủ tục',
      'Components not on the procedure checklist were given',
      { notOnChecklist: check.notOnChecklist, duplicated: check.duplicated },
    );
  }
  return check.received;
}
