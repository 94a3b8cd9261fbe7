import { documentClient, requiredEnv } from '../../../libs/platform/dynamodb.ts';
import { CatalogRepository } from './catalog-repository.ts';
import { DossierRepository } from './dossier-repository.ts';

/** The intake service's adapters, built once per execution environment from its environment. */
export const catalog = () => new CatalogRepository(documentClient, requiredEnv('CATALOG_TABLE'));

export const dossiers = () =>
  new DossierRepository(documentClient, { dossiers: requiredEnv('DOSSIERS_TABLE'), history: requiredEnv('HISTORY_TABLE') });
