import { documentClient, requiredEnv } from '../../../libs/platform/dynamodb.ts';
import procedures from '../../intake/data/procedures.json' with { type: 'json' };
import tree from '../data/agency-tree.json' with { type: 'json' };
import { agencyTreeOf } from '../domain/agency-tree.ts';
import type { ProcedureInfo } from '../domain/summary.ts';
import { REPORTING_ENV } from './environment.ts';
import { ReportingRepository } from './reporting-repository.ts';

/** Reporting's adapters, built once per execution environment from its environment. */
export const reporting = () => new ReportingRepository(documentClient, requiredEnv(REPORTING_ENV.table));

/** The agency tree with its validity dates (data/agency-tree.json), checked when loaded. */
export const agencyTree = () => agencyTreeOf(tree);

/** Procedure names and fields, from the catalog intake publishes (services/intake/data/procedures.json). */
export const procedureInfo = (): ProcedureInfo => new Map(procedures.map((p) => [p.code, { name: p.name, field: p.field }]));
