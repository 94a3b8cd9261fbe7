/**
 * The OpenAPI 3.1 description of the HTTP API, docs/openapi.yaml, generated:
 *
 *   npm run docs:openapi
 *
 * One table below (`ROUTES`) names, for every route, the zod schemas its handler parses
 * (body, query, path, headers), what it answers, and the error codes it can refuse with.
 * Request schemas are zod's own JSON Schema of the handlers' schemas (as input: what a client
 * sends, before transforms); answers, of the schemas that type the functions building them (as
 * output); error statuses come from `HTTP_STATUS`, never typed here.
 * tests/infra/openapi.test.ts keeps the committed file equal to a fresh generation and
 * the table's routes equal to the synthesized template's.
 */
import { ListSurveysQuery, SurveyView } from '../services/survey/domain/views.ts';
import { writeFileSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import * as z from 'zod';
import { ReportQueryParams } from '../services/reporting/domain/report-query.ts';
import { Circular01QueryParams, ScoreQueryParams } from '../services/reporting/domain/scores-report.ts';
import { Circular01View, Index766View, OverdueQuery, OverdueView, SummaryView } from '../services/reporting/domain/views.ts';
import { CalendarYear, CalendarYearRequest, DeadlineQuote, DeadlineRequest, SUPPORTED_YEARS, TimeLimitSchema } from '../libs/calendar/quote.ts';
import { Actor, isoInstant } from '../libs/events/envelope.ts';
import { DossierStatus } from '../libs/events/intake.ts';
import { ERROR_CODES, type DomainError, type ErrorCode } from '../libs/platform/errors.ts';
import { HTTP_STATUS, MAX_BODY_BYTES } from '../libs/platform/http.ts';
import { IdempotencyKeyHeader, KEY_TTL_SECONDS, REPLAYED_HEADER } from '../libs/platform/idempotency-key.ts';
import { DEFAULT_TOLERANCE_SECONDS, MESSAGE_ID, UNIX_SECONDS } from '../libs/platform/standard-webhooks.ts';
import { OfficerAction } from '../services/intake/domain/actions/index.ts';
import { AdministrativeLevel, Agency, FIELDS, Procedure } from '../services/intake/domain/catalog.ts';
import { LookupQuery, Submission } from '../services/intake/domain/dossier.ts';
import { ImportedView } from '../services/intake/domain/history-import.ts';
import { CitizenView, OfficerView, Receipt } from '../services/intake/domain/views.ts';
import { Handover, HandoverQuery, HandoverRequest, MAX_SHIPMENTS_PER_HANDOVER } from '../services/postal/domain/handover.ts';
import { ListShipmentsQuery, ShipmentList, ShipmentView } from '../services/postal/domain/views.ts';
import { ShipmentUpdated, WebhookAccepted } from '../services/postal/domain/webhook-payload.ts';
import packageJson from '../package.json' with { type: 'json' };

export const OPENAPI_FILE = fileURLToPath(new URL('../docs/openapi.yaml', import.meta.url));

type JsonSchema = Record<string, unknown>;
type Method = 'GET' | 'POST';
type RouteKey = `${Method} /${string}`;

/**
 * Who may call a route. `officer`: API Gateway's JWT authorizer checks the token first.
 * `citizen-or-officer`: a public route whose handler verifies an officer's token itself
 * unless the citizen's `phone4` is given. `partner-signed`: a partner's callback, with no
 * authorizer: a middleware checks its Standard Webhooks signature on the raw body before
 * the handler reads anything.
 */
type Access = 'public' | 'officer' | 'citizen-or-officer' | 'partner-signed' | 'gateway-authenticated';

/** An answer that is not JSON (the printable receipt): said in words. */
interface Described {
  readonly described: string;
  readonly mediaType: 'text/html' | 'text/javascript' | 'text/xml' | 'text/csv' | 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
}

interface Header {
  readonly description: string;
  readonly schema?: JsonSchema;
}

interface RouteDoc {
  readonly operationId: string;
  readonly summary: string;
  readonly tag: 'Catalog' | 'Calendar' | 'Dossiers' | 'Postal' | 'Survey' | 'Reporting';
  /** The section of docs/api.md (relative to docs/openapi.yaml) that says the rest. */
  readonly docs: `api.md#${string}`;
  readonly access: Access;
  readonly description?: string;
  /** The zod schemas the handler parses its request with (`headers`: or the checks its middleware makes, said as a schema). */
  readonly path?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly headers?: z.ZodObject;
  readonly body?: { readonly id: string; readonly schema: z.ZodType };
  /** Query parameters the handler reads without a schema (an unknown value matches nothing). */
  readonly looseQuery?: Record<string, string>;
  readonly success: {
    readonly status: 200 | 201 | 202;
    readonly description: string;
    readonly body: { readonly id: string; readonly schema: z.ZodType } | Described;
    /** The same answer in other media types, chosen by a query parameter (the printable hand-over minutes, a report's CSV and Excel). */
    readonly alternatives?: readonly Described[];
    readonly headers: Record<string, Header>;
  };
  /** Every code the route can answer with (from its handler, the rules it calls, or the local runtime). */
  readonly errors: readonly ErrorCode[];
}

const cacheControl = (value: string): Header => ({ description: `\`${value}\``, schema: { type: 'string', const: value } });
const NO_STORE = cacheControl('no-store');

/** A list answer: the items and how many. */
const listOf = (item: z.ZodType) => z.strictObject({ items: z.array(item), count: z.int().min(0) });

/** The request's own mistakes with a JSON body, before anything is read. */
const BODY_ERRORS = ['MALFORMED_JSON', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE', 'VALIDATION_FAILED'] as const satisfies readonly ErrorCode[];
/** Answered by the local runtime for a path with malformed percent-encoding (API Gateway answers its own 400). */
const PATH_ERRORS = ['MALFORMED_PATH'] as const satisfies readonly ErrorCode[];

/**
 * The Standard Webhooks headers, as `verifyStandardWebhook` (libs/platform/standard-webhooks.ts)
 * checks them before the handler: each missing or malformed one is a 401, never a 400. The
 * examples are docs/postal-partners.md's worked example.
 */
const StandardWebhookHeaders = z.strictObject({
  'webhook-id': z.string().regex(MESSAGE_ID).meta({
    description: 'The update\'s unique id at the partner, the same on every retry of one update: 1–256 visible ASCII characters, no spaces.',
    examples: ['msg_2Yf3ZkQ8nR5tVw1xA7bC9dE0'],
  }),
  'webhook-timestamp': z.string().regex(UNIX_SECONDS).meta({
    description: `When this attempt was signed, in whole Unix seconds; at most ${DEFAULT_TOLERANCE_SECONDS / 60} minutes from our clock either way.`,
    examples: ['1772420400'],
  }),
  'webhook-signature': z.string().meta({
    description:
      "`v1,<base64 HMAC-SHA256>` over `<webhook-id>.<webhook-timestamp>.<raw body>` with the partner's secret (the bytes after `whsec_`, base64-decoded); several space-separated while a secret is rotated, any one matching suffices; entries of other versions are ignored.",
    examples: ['v1,qeyWnMn0ayn73l8Qe40BmnHsUxtQK8CBvMa9zouxTVI='],
  }),
});

/** A Twilio callback route: form-encoded, signed with X-Twilio-Signature, answered with empty TwiML. */
function twilioCallback(operationId: string, summary: string): RouteDoc {
  return {
    operationId,
    summary,
    tag: 'Survey',
    docs: 'api.md#sms-gateways-callbacks',
    access: 'gateway-authenticated',
    description:
      "For Twilio, not officers (docs/sms-gateways.md): form-encoded as Twilio sends it, authenticated by `X-Twilio-Signature` (HMAC-SHA1 with our auth token over the public URL from configuration and every parameter) before anything reads it; then read, queued and answered with an empty TwiML document at once. A refused request stores nothing.",
    success: {
      status: 200,
      description: 'An empty TwiML document: nothing to reply now (a clarifying SMS, if any, is sent by the service).',
      body: { described: 'An empty `<Response/>` TwiML document.', mediaType: 'text/xml' },
      headers: {},
    },
    errors: [...PATH_ERRORS, 'WEBHOOK_SIGNATURE_INVALID', 'UNSUPPORTED_MEDIA_TYPE', 'VALIDATION_FAILED'],
  };
}

/** A brandname-gateway callback route: unsigned, authenticated by the secret in its URL. */
function brandnameCallback(operationId: string, summary: string): RouteDoc {
  return {
    operationId,
    summary,
    tag: 'Survey',
    docs: 'api.md#sms-gateways-callbacks',
    access: 'gateway-authenticated',
    description:
      "For the brandname SMS gateway (docs/sms-gateways.md), which signs nothing: authenticated by the secret in the URL registered with it (compared in constant time) before anything is read; then read from the query string (or the form), queued and answered at once. A refused request stores nothing.",
    success: {
      status: 200,
      description: 'Received and queued.',
      body: { id: 'SmsCallbackReceived', schema: z.strictObject({ received: z.literal(true) }) },
      headers: {},
    },
    errors: [...PATH_ERRORS, 'WEBHOOK_SIGNATURE_INVALID', 'VALIDATION_FAILED'],
  };
}

/** Every route the API serves: the one place the document is built from. */
export const ROUTES = {
  'GET /procedures': {
    operationId: 'listProcedures',
    summary: 'The public catalog of procedures',
    tag: 'Catalog',
    docs: 'api.md#get-proceduresfieldlevel',
    access: 'public',
    looseQuery: {
      field: `Exact match on the procedure's field: ${Object.keys(FIELDS).join(', ')}.`,
      level: `Exact match on the level where the procedure is resolved: ${AdministrativeLevel.options.join(', ')}.`,
    },
    success: {
      status: 200,
      description: 'The procedures that match, in code order.',
      body: { id: 'ProcedureList', schema: listOf(Procedure) },
      headers: { 'cache-control': cacheControl('public, max-age=300') },
    },
    errors: [],
  },
  'GET /procedures/{code}': {
    operationId: 'getProcedure',
    summary: 'One procedure: checklist, time limit, fees, online level, postal, cut-off, supplement rule',
    tag: 'Catalog',
    docs: 'api.md#get-procedurescode',
    access: 'public',
    success: {
      status: 200,
      description: 'The procedure.',
      body: { id: 'Procedure', schema: Procedure },
      headers: { 'cache-control': cacheControl('public, max-age=300') },
    },
    errors: [...PATH_ERRORS, 'NOT_FOUND'],
  },
  'GET /agencies': {
    operationId: 'listAgencies',
    summary: 'The province, its centre, districts and communes (a flat list; the tree by parentCode)',
    tag: 'Catalog',
    docs: 'api.md#get-agencies',
    access: 'public',
    success: {
      status: 200,
      description: 'Every agency, in code order.',
      body: { id: 'AgencyList', schema: listOf(Agency) },
      headers: { 'cache-control': cacheControl('public, max-age=300') },
    },
    errors: [],
  },
  'GET /calendar/deadline': {
    operationId: 'quoteDeadline',
    summary: 'The appointment a dossier of this procedure, received by this agency now (or at receivedAt), would be given',
    tag: 'Calendar',
    docs: 'api.md#get-calendardeadlineprocedureagencyreceivedat--quote-an-appointment',
    access: 'public',
    query: DeadlineRequest,
    success: {
      status: 200,
      description: 'The quote (libs/calendar/quote.ts `DeadlineQuote`).',
      body: { id: 'DeadlineQuote', schema: DeadlineQuote },
      headers: { 'cache-control': { description: '`no-store` without `receivedAt` (a quote for now), `public, max-age=300` with it.', schema: { type: 'string' } } },
    },
    errors: ['VALIDATION_FAILED', 'UNKNOWN_PROCEDURE', 'UNKNOWN_AGENCY', 'YEAR_NOT_SUPPORTED'],
  },
  'GET /calendar/{year}': {
    operationId: 'calendarYear',
    summary: "A year's days off (holidays, compensatory and swapped days), the weekend days worked instead, and the office hours",
    tag: 'Calendar',
    docs: 'api.md#get-calendaryear--a-years-working-calendar',
    access: 'public',
    description: `Years ${SUPPORTED_YEARS.from}–${SUPPORTED_YEARS.to}.`,
    path: CalendarYearRequest,
    success: {
      status: 200,
      description: "The year's calendar (libs/calendar/quote.ts `CalendarYear`).",
      body: { id: 'CalendarYear', schema: CalendarYear },
      headers: { 'cache-control': cacheControl('public, max-age=3600') },
    },
    errors: [...PATH_ERRORS, 'VALIDATION_FAILED', 'YEAR_NOT_SUPPORTED'],
  },
  'POST /dossiers': {
    operationId: 'receiveDossier',
    summary: 'Receive a dossier: check its components, number it, give its appointment',
    tag: 'Dossiers',
    docs: 'api.md#post-dossiers--receive-a-dossier',
    access: 'officer',
    description: `With an \`Idempotency-Key\`, a retry with the same key and body within ${KEY_TTL_SECONDS / 3600} h gets the recorded 201 again (with \`${REPLAYED_HEADER}: true\`) and creates nothing.`,
    headers: IdempotencyKeyHeader,
    body: { id: 'Submission', schema: Submission },
    success: {
      status: 201,
      description: 'Received: the receipt (services/intake/domain/views.ts `receipt`).',
      body: { id: 'Receipt', schema: Receipt },
      headers: {
        location: { description: "The dossier's address, `/dossiers/{code}`.", schema: { type: 'string' } },
        [REPLAYED_HEADER]: { description: "`true` when the answer is the Idempotency-Key's recorded one.", schema: { type: 'string', const: 'true' } },
      },
    },
    errors: [
      'UNAUTHORIZED',
      ...BODY_ERRORS,
      'IDEMPOTENCY_KEY_REUSED',
      'UNKNOWN_PROCEDURE',
      'UNKNOWN_AGENCY',
      'FORBIDDEN',
      'PROCEDURE_NOT_RECEIVED_HERE',
      'POSTAL_NOT_ALLOWED',
      'MISSING_COMPONENTS',
      'COMPONENTS_NOT_ON_CHECKLIST',
      'CONCURRENT_UPDATE',
    ],
  },
  'GET /dossiers/{code}': {
    operationId: 'getDossier',
    summary: "A dossier: the citizen's lookup (?phone4=), or the officer's view (bearer token)",
    tag: 'Dossiers',
    docs: 'api.md#get-dossierscodephone4nnnn--the-citizens-lookup',
    access: 'citizen-or-officer',
    description:
      "With `phone4` (the last 4 digits of the applicant's phone), anyone sees the dossier's progress without personal data; a token sent with it is ignored, and after 10 wrong lookups of a code in a day it answers 429 until the next day. Without `phone4`, the handler verifies an officer's ID token itself (this route has no authorizer): an officer of the receiving or handling agency sees everything.",
    query: LookupQuery,
    success: {
      status: 200,
      description:
        "The citizen's view (with `phone4`) or the officer's view (services/intake/domain/views.ts `citizenView`, `officerView`); for a dossier loaded by the history import, the officer sees `importedView` (services/intake/domain/history-import.ts), and a citizen's lookup answers 404 (it has no phone to check).",
      body: { id: 'DossierLookup', schema: z.union([CitizenView, OfficerView, ImportedView]) },
      headers: { 'cache-control': NO_STORE },
    },
    errors: [...PATH_ERRORS, 'VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'TOO_MANY_ATTEMPTS'],
  },
  'GET /dossiers/{code}/receipt': {
    operationId: 'getReceipt',
    summary: 'The printable receipt (Giấy tiếp nhận hồ sơ và hẹn trả kết quả), one A4 page of HTML',
    tag: 'Dossiers',
    docs: 'api.md#get-dossierscodereceipt--the-printable-receipt',
    access: 'officer',
    success: {
      status: 200,
      description: 'The page (services/intake/domain/receipt-page.ts), with a QR code of the public lookup address.',
      body: { described: 'An HTML5 page, lang="vi", no scripts, nothing loaded from elsewhere.', mediaType: 'text/html' },
      headers: { 'cache-control': NO_STORE },
    },
    errors: [...PATH_ERRORS, 'UNAUTHORIZED', 'NOT_FOUND', 'FORBIDDEN', 'CATALOG_INCONSISTENT', 'IMPORTED_DOSSIER'],
  },
  'POST /dossiers/{code}/actions': {
    operationId: 'actOnDossier',
    summary: 'Move a dossier along the status vocabulary: one action',
    tag: 'Dossiers',
    docs: 'api.md#post-dossierscodeactions--change-a-dossier',
    access: 'officer',
    description: 'No Idempotency-Key: a repeated action is refused (409 or 422), never applied twice.',
    body: { id: 'OfficerAction', schema: OfficerAction },
    success: {
      status: 200,
      description: "The officer's view after the change (services/intake/domain/views.ts `officerView`).",
      body: { id: 'OfficerView', schema: OfficerView },
      headers: {},
    },
    errors: [
      ...PATH_ERRORS,
      'UNAUTHORIZED',
      ...BODY_ERRORS,
      'NOT_FOUND',
      'FORBIDDEN',
      'CATALOG_INCONSISTENT',
      'ACTION_NOT_ALLOWED',
      'CONCURRENT_UPDATE',
      // a dossier loaded by the history import
      'IMPORTED_DOSSIER',
      // requestSupplement, receiveSupplement, returnResult, transfer, extend
      'DOSSIER_OVERDUE',
      'SUPPLEMENT_ALREADY_REQUESTED',
      'SUPPLEMENT_EXPIRED',
      'POSTAL_RETURN',
      'UNKNOWN_AGENCY',
      'SAME_AGENCY',
      'TOO_MANY_TRANSFERS',
      'ALREADY_EXTENDED',
      'APOLOGY_TOO_LATE',
      'NEW_DUE_NOT_LATER',
      'NEW_DUE_NOT_WORKING_DAY',
      'NEW_DUE_OUTSIDE_OFFICE_HOURS',
      'NEW_DUE_TOO_FAR',
    ],
  },
  'POST /postal/webhooks/{partner}': {
    operationId: 'receivePartnerWebhook',
    summary: "A postal partner's tracking update of one shipment, signed with Standard Webhooks",
    tag: 'Postal',
    docs: 'api.md#post-postalwebhookspartner--a-partners-tracking-update',
    access: 'partner-signed',
    description: `For postal partners, not officers: docs/postal-partners.md is the guide (how to sign, a worked example, retries, rotation). No token: the request is authenticated by its signature, checked on the raw body before anything reads it, with the secrets of the partner named in the path (an unknown partner is a 401 too). Then the payload is parsed, the update queued and answered at once; it is applied from the queue, so a 202 does not mean the status changed yet. The same \`webhook-id\` again is accepted and changes nothing. A refused request stores nothing.`,
    headers: StandardWebhookHeaders,
    body: { id: 'ShipmentUpdated', schema: ShipmentUpdated },
    success: {
      status: 202,
      description: 'Accepted: the update is queued (services/postal/domain/webhook-payload.ts `WebhookAccepted`).',
      body: { id: 'WebhookAccepted', schema: WebhookAccepted },
      headers: {},
    },
    errors: [...PATH_ERRORS, 'WEBHOOK_SIGNATURE_INVALID', ...BODY_ERRORS],
  },
  'POST /surveys/sms/{gateway}/inbound': twilioCallback('receiveTwilioReply', "A citizen's SMS reply, from Twilio"),
  'POST /surveys/sms/{gateway}/status': twilioCallback('receiveTwilioStatus', 'A delivery report of one of our SMS, from Twilio'),
  'GET /surveys/sms/{gateway}/status/{secret}': brandnameCallback('receiveBrandnameStatus', 'A delivery report of one of our SMS, from the brandname gateway'),
  'GET /surveys/sms/{gateway}/inbound/{secret}': brandnameCallback('receiveBrandnameReplyByGet', "A citizen's SMS reply, from the brandname gateway (query string)"),
  'POST /surveys/sms/{gateway}/inbound/{secret}': brandnameCallback('receiveBrandnameReply', "A citizen's SMS reply, from the brandname gateway (form)"),
  'GET /s/{token}': {
    operationId: 'webSurveyPage',
    summary: 'The web survey a citizen opens from the link in the survey SMS',
    tag: 'Survey',
    docs: 'api.md#the-web-survey-get-stoken-and-post-stoken',
    access: 'public',
    description: "The link's token (16 characters, 96 random bits) names one survey and expires with it. The form, or (200) thanks if already answered; 410 a closed page; 404 a not-found page. Always an HTML page.",
    success: {
      status: 200,
      description: 'The form (services/survey/domain/survey-page.ts), no scripts.',
      body: { described: 'An HTML5 page, lang="vi", no scripts, a plain form posting to itself.', mediaType: 'text/html' },
      headers: { 'cache-control': NO_STORE },
    },
    errors: [...PATH_ERRORS, 'NOT_FOUND', 'SURVEY_CLOSED'],
  },
  'POST /s/{token}': {
    operationId: 'webSurveySubmit',
    summary: "The citizen's answer to the web survey (form-encoded)",
    tag: 'Survey',
    docs: 'api.md#the-web-survey-get-stoken-and-post-stoken',
    access: 'public',
    description:
      '`application/x-www-form-urlencoded`: `level` (very-satisfied, satisfied, not-satisfied), optional `staffAttitude` and `visits` (the Circular 01/2018 criteria only the citizen can judge). Counted once: 303 back to the page, which thanks; a second answer 409, a closed survey 410, bad input 400 — each an HTML page, the form again with the error for 400.',
    success: {
      status: 200,
      description: 'Answered: in fact a 303 to `GET /s/{token}` (post/redirect/get), which shows thanks.',
      body: { described: 'An HTML page.', mediaType: 'text/html' },
      headers: {},
    },
    errors: [...PATH_ERRORS, 'NOT_FOUND', 'VALIDATION_FAILED', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE', 'SURVEY_ALREADY_ANSWERED', 'SURVEY_CLOSED'],
  },
  'GET /surveys': {
    operationId: 'listSurveys',
    summary: "A dossier's satisfaction survey and the SMS sent about it",
    tag: 'Survey',
    docs: 'api.md#get-surveysdossiercode--a-dossiers-survey-and-messages',
    access: 'officer',
    description: "Only the officer's agency's; never a phone number. A dossier of another agency, or with nothing sent, answers an empty survey and no messages.",
    query: ListSurveysQuery,
    success: {
      status: 200,
      description: 'The survey (state, replies as read, the answer) and the messages (services/survey/domain/views.ts `surveyView`).',
      body: { id: 'SurveyView', schema: SurveyView },
      headers: { 'cache-control': NO_STORE },
    },
    errors: ['UNAUTHORIZED', 'VALIDATION_FAILED'],
  },
  'GET /postal/shipments': {
    operationId: 'listShipments',
    summary: "A dossier's shipments: its result going out by post, the dossier coming in",
    tag: 'Postal',
    docs: 'api.md#get-postalshipmentsdossiercode--a-dossiers-shipments',
    access: 'officer',
    description: "Only the officer's agency's: a dossier of another agency, or with no shipment, answers an empty list.",
    query: ListShipmentsQuery,
    success: {
      status: 200,
      description: 'The shipments, outbound first (services/postal/domain/views.ts `shipmentList`).',
      body: { id: 'ShipmentList', schema: ShipmentList },
      headers: { 'cache-control': NO_STORE },
    },
    errors: ['UNAUTHORIZED', 'VALIDATION_FAILED'],
  },
  'GET /postal/shipments/{id}': {
    operationId: 'getShipment',
    summary: 'One shipment: its derived status and history, every raw update, the partner\'s references',
    tag: 'Postal',
    docs: 'api.md#get-postalshipmentsid--one-shipment',
    access: 'officer',
    description: "Another agency's shipment is answered as a missing one (404).",
    success: {
      status: 200,
      description: 'The shipment (services/postal/domain/views.ts `shipmentView`).',
      body: { id: 'ShipmentView', schema: ShipmentView },
      headers: { 'cache-control': NO_STORE },
    },
    errors: [...PATH_ERRORS, 'UNAUTHORIZED', 'NOT_FOUND'],
  },
  'POST /postal/shipments/{id}/received': {
    operationId: 'confirmReceivedAtCentre',
    summary: 'Confirm that a dossier picked up by the postal partner reached the centre',
    tag: 'Postal',
    docs: 'api.md#post-postalshipmentsidreceived--a-picked-up-dossier-reached-the-centre',
    access: 'officer',
    description: 'Once: a repeat answers the first confirmation. No body.',
    success: {
      status: 200,
      description: 'The shipment, with `receivedAtCentre` (services/postal/domain/views.ts `shipmentView`).',
      body: { id: 'ShipmentView', schema: ShipmentView },
      headers: { 'cache-control': NO_STORE },
    },
    errors: [...PATH_ERRORS, 'UNAUTHORIZED', 'NOT_FOUND', 'SHIPMENT_NOT_INBOUND', 'CONCURRENT_UPDATE'],
  },
  'POST /postal/handovers': {
    operationId: 'createHandover',
    summary: 'Record the hand-over minutes (biên bản bàn giao) of a batch of results given to the postal partner',
    tag: 'Postal',
    docs: 'api.md#post-postalhandovers--record-hand-over-minutes',
    access: 'officer',
    description: `1–${MAX_SHIPMENTS_PER_HANDOVER} outbound shipments of the officer's agency, created at the partner, open, with the partner named, and on no other minutes; a refusal names every offending shipment. The minutes and the mark on each shipment are written in one transaction. No Idempotency-Key: a repeated request is refused (409 \`ALREADY_HANDED_OVER\`), never recorded twice.`,
    body: { id: 'HandoverRequest', schema: HandoverRequest },
    success: {
      status: 201,
      description: 'Recorded: the minutes (services/postal/domain/handover.ts `decideHandover`).',
      body: { id: 'Handover', schema: Handover },
      headers: { location: { description: 'The minutes\' address, `/postal/handovers/{id}`.', schema: { type: 'string' } } },
    },
    errors: [
      'UNAUTHORIZED',
      ...BODY_ERRORS,
      'NOT_FOUND',
      'SHIPMENT_NOT_OUTBOUND',
      'SHIPMENT_OF_ANOTHER_PARTNER',
      'SHIPMENT_CLOSED',
      'SHIPMENT_NOT_CREATED',
      'ALREADY_HANDED_OVER',
    ],
  },
  'GET /postal/handovers/{id}': {
    operationId: 'getHandover',
    summary: 'Recorded hand-over minutes, as JSON or as the one-page printable HTML both sides sign',
    tag: 'Postal',
    docs: 'api.md#get-postalhandoversidformathtml--the-minutes-and-their-page',
    access: 'officer',
    description: "Another agency's minutes are answered as missing ones (404).",
    query: HandoverQuery,
    success: {
      status: 200,
      description: 'The minutes as recorded (`format=json`, the default), or their page (`format=html`, services/postal/domain/handover-page.ts).',
      body: { id: 'Handover', schema: Handover },
      alternatives: [{ described: 'With `format=html`: an HTML5 page, lang="vi", one A4 sheet, no scripts, nothing loaded from elsewhere.', mediaType: 'text/html' }],
      headers: { 'cache-control': NO_STORE },
    },
    errors: [...PATH_ERRORS, 'UNAUTHORIZED', 'VALIDATION_FAILED', 'NOT_FOUND'],
  },
  'GET /reports/summary': {
    operationId: 'getReportSummary',
    summary: "An agency's figures over a period: received, the published on-time form, activity, satisfaction, open dossiers",
    tag: 'Reporting',
    docs: 'api.md#get-reportssummary--an-agencys-figures-over-a-period',
    access: 'officer',
    description:
      "The agency (default: the officer's) and its subtree, for its officers and those above it in the agency tree on some day of the period (403 otherwise). Reads counters only: a year costs what a month does, whatever the number of dossiers.",
    query: ReportQueryParams,
    success: {
      status: 200,
      description: 'The summary (services/reporting/domain/summary.ts), with the narrative line in the published form.',
      body: { id: 'ReportSummary', schema: SummaryView },
      alternatives: [
        { described: 'With `format=csv`: the same figures, one row per group and the totals, UTF-8 with a byte-order mark.', mediaType: 'text/csv' },
        { described: 'With `format=xlsx`: an Excel workbook, Vietnamese headers, a sheet for the totals and one for the grouping.', mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
      ],
      headers: { 'cache-control': NO_STORE },
    },
    errors: ['UNAUTHORIZED', 'VALIDATION_FAILED', 'FORBIDDEN', 'UNKNOWN_AGENCY'],
  },
  'GET /reports/index-766': {
    operationId: 'getIndex766',
    summary: 'The Decision 766/QĐ-TTg groups the data decides, with formula, inputs and points; the others with what they need',
    tag: 'Reporting',
    docs: 'api.md#get-reportsindex-766--decision-766-service-index',
    access: 'officer',
    description: 'From the same counters as the summary, over the same period and with the same access.',
    query: ScoreQueryParams,
    success: { status: 200, description: 'The index (services/reporting/domain/index-766.ts).', body: { id: 'Index766', schema: Index766View }, headers: { 'cache-control': NO_STORE } },
    errors: ['UNAUTHORIZED', 'VALIDATION_FAILED', 'FORBIDDEN', 'UNKNOWN_AGENCY'],
  },
  'GET /reports/circular-01': {
    operationId: 'getCircular01',
    summary: "Circular 01/2018 scores: averages of the agency and each agency under it, or one dossier's",
    tag: 'Reporting',
    docs: 'api.md#get-reportscircular-01--circular-012018-scores',
    access: 'officer',
    description: "With `dossierCode`: that dossier's score indicator by indicator (not found outside the officer's subtree); otherwise averages over the period.",
    query: Circular01QueryParams,
    success: { status: 200, description: 'Averages, or one dossier\'s score (services/reporting/domain/circular-01.ts).', body: { id: 'Circular01', schema: Circular01View }, headers: { 'cache-control': NO_STORE } },
    errors: ['UNAUTHORIZED', 'VALIDATION_FAILED', 'FORBIDDEN', 'UNKNOWN_AGENCY', 'NOT_FOUND'],
  },
  'GET /reports/overdue': {
    operationId: 'listOverdueDossiers',
    summary: "The dossiers of an agency's subtree overdue now",
    tag: 'Reporting',
    docs: 'api.md#get-reportsoverdue--dossiers-overdue-now',
    access: 'officer',
    description: 'The longest overdue first, with the days since the appointment. The same access as the summary.',
    query: OverdueQuery,
    success: { status: 200, description: 'The overdue dossiers (services/reporting/domain/overdue-list.ts).', body: { id: 'OverdueDossiers', schema: OverdueView }, headers: { 'cache-control': NO_STORE } },
    errors: ['UNAUTHORIZED', 'VALIDATION_FAILED', 'FORBIDDEN', 'UNKNOWN_AGENCY'],
  },
  'GET /reports/dashboard': {
    operationId: 'reportingDashboard',
    summary: "The officers' dashboard: a page in Vietnamese whose script calls the reporting routes with the officer's token",
    tag: 'Reporting',
    docs: 'api.md#the-dashboard-get-reportsdashboard',
    access: 'public',
    description:
      "Public because it holds no data: the same page for everyone. Its script (`GET /reports/dashboard/app.js`) reads the officer's ID token from the URL fragment (`#token=…`, never sent to a server) or a paste field, keeps it in the tab's sessionStorage, and calls the routes above with it. CSP: script and connections to this origin only, no inline script.",
    success: {
      status: 200,
      description: 'The page (services/reporting/dashboard/shell.ts).',
      body: { described: 'An HTML5 page, lang="vi", one script from this origin with its integrity hash, no data.', mediaType: 'text/html' },
      headers: { 'cache-control': NO_STORE },
    },
    errors: [],
  },
  'GET /reports/dashboard/app.js': {
    operationId: 'reportingDashboardScript',
    summary: "The dashboard's script (Chart.js bundled in), named by the page with its content's hash",
    tag: 'Reporting',
    docs: 'api.md#the-dashboard-get-reportsdashboard',
    access: 'public',
    success: {
      status: 200,
      description: 'The script (services/reporting/dashboard/browser/app.ts, bundled at synth).',
      body: { described: 'JavaScript for browsers (ES2020).', mediaType: 'text/javascript' },
      headers: { 'cache-control': cacheControl('public, max-age=31536000, immutable') },
    },
    errors: [],
  },
} satisfies Record<RouteKey, RouteDoc>;

// ---------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------

/** What every handler answers a DomainError with (`DomainError.toBody()`). */
export const ErrorBody = z.strictObject({
  code: z.enum(ERROR_CODES),
  message: z.string().meta({ description: 'Vietnamese / English, in one string.' }),
  messages: z.strictObject({ vi: z.string(), en: z.string() }),
  details: z.unknown().meta({ description: 'What the code needs to be acted on (never personal data that was sent), or null.' }),
});
// The schema above is the body's type, or this does not compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const errorBodyIsToBody: Same<z.output<typeof ErrorBody>, ReturnType<DomainError['toBody']>> = true;
void errorBodyIsToBody;

/** A fault on our side, from the handler (logged): no `messages`. */
const InternalError = z.strictObject({ code: z.literal('INTERNAL_ERROR'), message: z.string(), details: z.null() });
/** API Gateway's own answers (and the local runtime's in its place): no route, authorizer, throttle, crash. */
const GatewayError = z.strictObject({ message: z.string() });

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });
const codeList = (codes: readonly string[]) => codes.map((code) => `\`${code}\``).join(', ');

/** An error body whose code is one of these. */
const errorWith = (codes: readonly ErrorCode[]): JsonSchema => ({ allOf: [ref('Error'), { properties: { code: { enum: codes } } }] });

function groupByStatus(codes: readonly ErrorCode[]): Map<number, ErrorCode[]> {
  const groups = new Map<number, ErrorCode[]>();
  for (const code of codes) groups.set(HTTP_STATUS[code], [...(groups.get(HTTP_STATUS[code]) ?? []), code]);
  return groups;
}

/** What API Gateway (or the local runtime) and the error middleware answer on any route, besides a route's codes. */
const ANY_ROUTE: Record<number, { name: string; schemas: JsonSchema[]; said: string[] }> = {
  429: { name: 'Throttled', schemas: [ref('GatewayError')], said: ['the stage throttle, in AWS only: `{"message":"Too Many Requests"}`'] },
  500: {
    name: 'ServerError',
    schemas: [ref('InternalError'), ref('GatewayError')],
    said: ['`INTERNAL_ERROR`, a fault on our side (logged)', 'a function that crashed or timed out: `{"message":"Internal Server Error"}`'],
  },
};
/** API Gateway's JWT authorizer refuses before the handler on officer routes. */
const AUTHORIZER = { schemas: [ref('GatewayError')], said: ["API Gateway's JWT authorizer: `{\"message\":\"Unauthorized\"}`"] };

const response = (status: number, schemas: JsonSchema[], said: string[]) => ({
  description: `${STATUS_CODES[status]}: ${said.join('; ')}.`,
  content: { 'application/json': { schema: schemas.length === 1 ? schemas[0] : { anyOf: schemas } } },
});

/** A route's error answers by status: its codes, and what is answered before or instead of its handler. */
function errorResponses(route: RouteDoc): Record<string, unknown> {
  const codes = groupByStatus(route.errors);
  const statuses = new Set([...codes.keys(), ...(route.access === 'officer' ? [401] : []), ...Object.keys(ANY_ROUTE).map(Number)]);
  return Object.fromEntries(
    [...statuses]
      .sort((a, b) => a - b)
      .map((status) => {
        const own = codes.get(status);
        const besides = ANY_ROUTE[status] ?? (status === 401 && route.access === 'officer' ? AUTHORIZER : { schemas: [], said: [] });
        if (!own && ANY_ROUTE[status]) return [String(status), { $ref: `#/components/responses/${ANY_ROUTE[status].name}` }];
        return [String(status), response(status, [...(own ? [errorWith(own)] : []), ...besides.schemas], [...(own ? [codeList(own)] : []), ...besides.said])];
      }),
  );
}

/** Every code under the status HTTP_STATUS gives it, saying which no route answers today. */
function errorsByStatus(): Record<string, unknown> {
  const answered = new Set<ErrorCode>(Object.values(ROUTES).flatMap((route: RouteDoc) => route.errors));
  return Object.fromEntries(
    [...groupByStatus(ERROR_CODES)]
      .sort(([a], [b]) => a - b)
      .map(([status, codes]) => {
        const unanswered = codes.filter((code) => !answered.has(code));
        const note = unanswered.length ? ` No route answers ${codeList(unanswered)} today.` : '';
        return [
          `Error${status}`,
          { description: `${status} ${STATUS_CODES[status]}: ${codeList(codes)}.${note}`, content: { 'application/json': { schema: errorWith(codes) } } },
        ];
      }),
  );
}

// ---------------------------------------------------------------------------
// Requests and answers
// ---------------------------------------------------------------------------

/** zod's JSON Schema, as an OpenAPI 3.1 schema object (its dialect is JSON Schema 2020-12). */
function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

interface Named {
  readonly id: string;
  readonly schema: z.ZodType;
  readonly io: 'input' | 'output';
  readonly description?: string;
}

/** Parts of the answers named once and pointed at: the citizen's view (the lookup answers it or the officer's), and what many places repeat. */
const ANSWER_PARTS: readonly Named[] = [
  { id: 'CitizenView', schema: CitizenView, io: 'output' },
  { id: 'Instant', schema: isoInstant, io: 'output', description: 'An instant, ISO 8601 with its offset; the API writes UTC, e.g. 2025-07-14T02:00:00.000Z.' },
  { id: 'DossierStatus', schema: DossierStatus, io: 'output', description: "The national public service portal's status vocabulary (its numeric code is `statusCode`)." },
  { id: 'TimeLimit', schema: TimeLimitSchema, io: 'output', description: 'A time limit: so many working days, working hours or calendar days.' },
  { id: 'Actor', schema: Actor, io: 'output', description: 'Who made a change: an officer (id, agency), the citizen or the system.' },
];

/** The named schemas, each as zod turns it into JSON Schema, pointing at each other by $ref. */
function componentSchemas(entries: readonly Named[]): Record<string, JsonSchema> {
  const schemas: Record<string, JsonSchema> = {};
  for (const io of ['input', 'output'] as const) {
    const registry = z.registry<{ id: string; description?: string }>();
    for (const { id, schema, description } of entries.filter((e) => e.io === io)) registry.add(schema, { id, ...(description ? { description } : {}) });
    const { schemas: converted } = z.toJSONSchema(registry, { io, unrepresentable: 'any', uri: (id) => `#/components/schemas/${id}` });
    for (const [id, { $schema: _dialect, $id: _id, ...rest }] of Object.entries(converted as Record<string, JsonSchema>)) schemas[id] = rest;
  }
  return Object.fromEntries(Object.entries(schemas).sort(([a], [b]) => a.localeCompare(b)));
}

/** One parameter per property of a schema the handler parses its query, path or headers with. */
function parametersOf(schema: z.ZodObject, where: 'query' | 'path' | 'header'): JsonSchema[] {
  const json = jsonSchemaOf(schema, 'input') as { properties: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return { name, in: where, required: where === 'path' || (json.required ?? []).includes(name), ...(description ? { description } : {}), schema: rest };
  });
}

const pathNames = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);

function operationOf(key: RouteKey, route: RouteDoc): JsonSchema {
  const path = key.slice(key.indexOf(' ') + 1);
  const declared = route.path ? parametersOf(route.path, 'path') : [];
  const parameters = [
    ...declared,
    // A path parameter the handler reads as it is (no schema): any string.
    ...pathNames(path)
      .filter((name) => !declared.some((parameter) => parameter.name === name))
      .map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
    ...(route.query ? parametersOf(route.query, 'query') : []),
    ...Object.entries(route.looseQuery ?? {}).map(([name, description]) => ({
      name,
      in: 'query',
      required: false,
      description: `${description} Not validated: any other value matches nothing.`,
      schema: { type: 'string' },
    })),
    ...(route.headers ? parametersOf(route.headers, 'header') : []),
  ];
  const strictQuery = route.query && jsonSchemaOf(route.query, 'input').additionalProperties === false;
  const description = [
    route.description,
    strictQuery ? 'Any other query parameter is refused (400 `VALIDATION_FAILED`).' : undefined,
    route.body ? `The body is JSON (\`content-type: application/json\`), at most ${MAX_BODY_BYTES / 1024} KB.` : undefined,
  ].filter(Boolean);
  const { success } = route;
  const body = 'described' in success.body ? success.body : undefined;
  return {
    operationId: route.operationId,
    tags: [route.tag],
    summary: route.summary,
    ...(description.length ? { description: description.join('\n\n') } : {}),
    externalDocs: { description: 'docs/api.md', url: route.docs },
    ...(route.access === 'officer' ? { security: [{ officerIdToken: [] }] } : {}),
    // Either the citizen's phone4 (no token) or an officer's token.
    ...(route.access === 'citizen-or-officer' ? { security: [{}, { officerIdToken: [] }] } : {}),
    ...(route.access === 'partner-signed' ? { security: [{ partnerSignature: [] }] } : {}),
    ...(parameters.length ? { parameters } : {}),
    ...(route.body ? { requestBody: { required: true, content: { 'application/json': { schema: ref(route.body.id) } } } } : {}),
    responses: {
      [String(success.status)]: {
        description: success.description,
        ...(Object.keys(success.headers).length
          ? { headers: Object.fromEntries(Object.entries(success.headers).map(([name, { description, schema }]) => [name, { description, schema: schema ?? { type: 'string' } }])) }
          : {}),
        content: {
          ...(body
            ? { [body.mediaType]: { schema: { type: 'string', description: body.described } } }
            : { 'application/json': { schema: ref((success.body as { id: string }).id) } }),
          ...Object.fromEntries((success.alternatives ?? []).map((alternative) => [alternative.mediaType, { schema: { type: 'string', description: alternative.described } }])),
        },
      },
      ...errorResponses(route),
    },
  };
}

// ---------------------------------------------------------------------------
// The document
// ---------------------------------------------------------------------------

export function buildOpenApi(): JsonSchema {
  const routes: Record<RouteKey, RouteDoc> = ROUTES;
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [key, route] of Object.entries(routes) as [RouteKey, RouteDoc][]) {
    const [method, path] = key.split(' ') as [Method, string];
    (paths[path] ??= {})[method.toLowerCase()] = operationOf(key, route);
  }
  const named = Object.values(routes).flatMap((route) => [
    ...(route.body ? [{ ...route.body, io: 'input' as const }] : []),
    ...('id' in route.success.body ? [{ ...route.success.body, io: 'output' as const }] : []),
  ]);
  return {
    openapi: '3.1.1',
    info: {
      title: 'motcua HTTP API',
      version: packageJson.version,
      description:
        "The one-stop-shop (Bộ phận Một cửa) API: the public catalog and working calendar, receiving dossiers, officers' actions and the citizen's lookup, and postal shipments (officers' views, hand-over minutes, partners' signed tracking updates). Generated by `npm run docs:openapi` from scripts/openapi.ts; the prose reference is docs/api.md. Request bodies, queries and headers are the schemas the handlers parse with (as sent, before normalisation); answers are the schemas that type the functions building them (as sent).",
    },
    externalDocs: { description: 'docs/api.md, the reference in prose', url: 'api.md' },
    servers: [
      { url: 'http://127.0.0.1:3000', description: 'npm start (the local runtime; PORT or --port to change)' },
      {
        url: 'https://{apiId}.execute-api.{region}.amazonaws.com',
        description: "AWS: the ApiUrl output of the Motcua-Api stack",
        variables: { apiId: { default: 'apiId', description: 'the HTTP API id' }, region: { default: 'ap-southeast-1', description: 'the region deployed to' } },
      },
    ],
    tags: [
      { name: 'Catalog', description: 'Procedures and agencies: public information.' },
      { name: 'Calendar', description: "Vietnam's working calendar and the appointments it gives: public information." },
      { name: 'Dossiers', description: 'Receiving, acting on and looking up dossiers.' },
      { name: 'Postal', description: "Results sent and dossiers collected by post: officers' views of shipments, hand-over minutes, and the partners' signed tracking updates." },
      { name: 'Survey', description: "Satisfaction surveys and citizens' SMS: officers' view, and the SMS gateways' authenticated callbacks." },
      { name: 'Reporting', description: "On-time and satisfaction figures by agency and period, for the officers and leaders of an agency and those above it." },
    ],
    paths,
    components: {
      securitySchemes: {
        officerIdToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description:
            "An officer's Cognito ID token (`token_use: \"id\"`) from the motcua-officers user pool (locally: `npm run -s token -- --agency <code>`); its `custom:agency` claim is the officer's agency, `sub` the officer. Officers act only on their agency's dossiers (403 `FORBIDDEN`).",
        },
        partnerSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'webhook-signature',
          description:
            "Postal partners' callbacks: a Standard Webhooks signature (https://www.standardwebhooks.com), not a key sent as such. `webhook-signature` carries `v1,<base64>` HMAC-SHA256 signatures, made with the partner's `whsec_…` secret over `<webhook-id>.<webhook-timestamp>.<raw body>`; `webhook-id` and `webhook-timestamp` (within 5 minutes of our clock) are required with it. Several secrets of a partner are valid at once while one is rotated. Anything that does not verify is 401 `WEBHOOK_SIGNATURE_INVALID`, with `details.check` saying why. Guide and worked example: docs/postal-partners.md.",
        },
      },
      schemas: {
        ...componentSchemas([...named, ...ANSWER_PARTS, { id: 'Error', schema: ErrorBody, io: 'output' }]),
        InternalError: jsonSchemaOf(InternalError, 'output'),
        GatewayError: jsonSchemaOf(GatewayError, 'output'),
      },
      responses: {
        ...Object.fromEntries(Object.entries(ANY_ROUTE).map(([status, { name, schemas, said }]) => [name, response(Number(status), schemas, said)])),
        ...errorsByStatus(),
      },
    },
  };
}

/** The document as committed: YAML, no anchors or aliases (every reuse is written out or a $ref). */
export function renderOpenApi(document: JsonSchema = buildOpenApi()): string {
  const yaml = new YAML.Document(document, { aliasDuplicateObjects: false });
  yaml.commentBefore = ' Generated by `npm run docs:openapi` (scripts/openapi.ts): do not edit by hand.';
  return yaml.toString({ lineWidth: 0 });
}

if (import.meta.main) {
  writeFileSync(OPENAPI_FILE, renderOpenApi());
  console.log(`wrote ${OPENAPI_FILE}`);
}
