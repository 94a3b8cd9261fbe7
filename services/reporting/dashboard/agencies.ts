/**
 * The agencies an officer may choose on the dashboard: their own and every agency under it on
 * some day (the tree of services/reporting/data/agency-tree.json, with its validity dates). The
 * API decides what an officer may see (403 above their agency); this only offers the choices.
 */

export interface TreeEntry {
  readonly code: string;
  readonly name: string;
  readonly parentCode: string | null;
  readonly validFrom: string;
  readonly validTo?: string;
}

export interface AgencyChoice {
  readonly code: string;
  /** The name in force last, with the day it ceased if it did ("… (đến 30/06/2025)"). */
  readonly label: string;
  /** Levels below the officer's agency, for indenting. */
  readonly depth: number;
}

/** The officer's agency, then its subtree depth first, children in code order. */
export function agencyChoices(entries: readonly TreeEntry[], root: string): AgencyChoice[] {
  const children = new Map<string, Set<string>>();
  const latest = new Map<string, TreeEntry>();
  for (const entry of entries) {
    if (entry.parentCode) children.set(entry.parentCode, (children.get(entry.parentCode) ?? new Set()).add(entry.code));
    const known = latest.get(entry.code);
    if (!known || entry.validFrom > known.validFrom) latest.set(entry.code, entry);
  }
  if (!latest.has(root)) return [];
  const choices: AgencyChoice[] = [];
  const seen = new Set<string>();
  const visit = (code: string, depth: number) => {
    if (seen.has(code)) return;
    seen.add(code);
    const entry = latest.get(code)!;
    choices.push({ code, label: entry.validTo ? `${entry.name} (đến ${dayBefore(entry.validTo)})` : entry.name, depth });
    for (const child of [...(children.get(code) ?? [])].sort(byCode)) visit(child, depth + 1);
  };
  visit(root, 0);
  return choices;
}

/** H38.22.10 after H38.22.9. */
const byCode = (a: string, b: string): number => a.localeCompare(b, 'en', { numeric: true });

/** `validTo` is exclusive: the last day in force, as dd/mm/yyyy. */
function dayBefore(iso: string): string {
  const day = new Date(Date.parse(`${iso}T00:00:00Z`) - 86_400_000).toISOString();
  return `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;
}
