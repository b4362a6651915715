// @aide/core public surface. Everything exported here is listed in index.test.ts.
// Sections are owned by folders; add names to your section only.

// Ticket model (ticket/)
export { type CustomerAction, customerActionSchema, customerActions } from './ticket/actions';
export {
  addWorkingMinutes,
  type SupportSchedule,
  type WeeklySupportHours,
  weeklySupportHoursSchema,
  workingMinutesBetween,
} from './ticket/business-hours';
export {
  allowedActions,
  defaultLifecyclePolicy,
  type FiledTicketState,
  filedTicketState,
  type LifecycleEvent,
  type LifecycleEventType,
  type LifecyclePolicy,
  lifecyclePolicySchema,
  systemAuthor,
  type TicketEventDraft,
  type TransitionError,
  type TransitionErrorCode,
  type TransitionResult,
  transition,
  transitionErrorCodes,
} from './ticket/lifecycle';
export { computeSla, defaultSlaTargets, type SlaOptions, type SlaTargets } from './ticket/sla';
export {
  type SlaState,
  type SlaTargetState,
  slaStateSchema,
  slaTargetStateSchema,
} from './ticket/sla-state';
export { isOpenStatus, type TicketStatus, ticketStatuses } from './ticket/status';
export {
  type Attachment,
  type Author,
  attachmentSchema,
  authorSchema,
  type CapturedContext,
  type Consent,
  capturedContextSchema,
  consentSchema,
  contextEntitySchema,
  type Message,
  messageSchema,
  type Participant,
  type PausedInterval,
  type Person,
  type Priority,
  participantSchema,
  personSchema,
  priorities,
  prioritySchema,
  type Rating,
  type Resolution,
  type ResolutionReason,
  ratingSchema,
  resolutionReasonSchema,
  resolutionReasons,
  resolutionSchema,
  type SlaRecord,
  slaRecordSchema,
  statusSchema,
  type Ticket,
  type TicketEvent,
  type TicketEventKind,
  ticketEventSchema,
  ticketSchema,
  type WaitingState,
  waitingStateSchema,
} from './ticket/ticket';
export { applyDueJob, type DueJob, dueJobs, nextWakeUp } from './ticket/waiting';

// Category catalog (catalog/)
export { billingCategories } from './catalog/billing';
export {
  type Catalog,
  type CategoryGroup,
  type CategoryPosition,
  categoriesByGroup,
  createCatalog,
  createDefaultCatalog,
  createSimpleCatalog,
  defaultCatalog,
  getCategory,
  renameCategory,
  reorderCategories,
  reorderGroups,
  simpleCatalog,
  withCategory,
  withoutCategory,
} from './catalog/catalog';
export {
  type CommonFields,
  commonFields,
  commonFieldsSchema,
  hasUnpairedSurrogate,
  consentInputSchema,
  descriptionMaxLength,
  subjectMaxLength,
  type TicketForm,
  ticketFormSchema,
} from './catalog/common';
export {
  type Category,
  type CategoryDefinition,
  type CategoryFields,
  defineCategory,
  isFieldVisible,
  visibleFields,
} from './catalog/define';
export {
  type CategoryDescriptor,
  categoryDescriptorSchema,
  describeCatalog,
  describeCategory,
} from './catalog/descriptor';
export {
  type FieldKind,
  type FieldMeta,
  type FieldOption,
  fieldKinds,
  fieldMetaSchema,
  type VisibleWhen,
} from './catalog/field';
export { generalCategories } from './catalog/general';
export {
  attachmentIds,
  type CatalogOptions,
  type Clock,
  type Employee,
  employeeList,
  employeeSchema,
  futureDate,
  mustTick,
  optionalText,
  pastDateTime,
  requiredText,
  systemClock,
  webUrl,
} from './catalog/rules';
export { securityCategories } from './catalog/security';
export { simpleCategories } from './catalog/simple';
export { impactLevels, severityLevels, technicalCategories } from './catalog/technical';

// API contract (contract/)
export {
  type CategoriesResponse,
  type ConfigResponse,
  type ConfigSlaTargets,
  categoriesResponseSchema,
  configResponseSchema,
  configSlaTargetsSchema,
  type DocKind,
  type DocLink,
  docKinds,
  docLinkSchema,
  type MeResponse,
  meResponseSchema,
  type SupportHours,
  slaTargetMinutesSchema,
  supportHoursSchema,
  type UserRole,
  userRoleSchema,
  userRoles,
  type Weekday,
  weekdays,
} from './contract/account';
export {
  type EndpointAuth,
  type EndpointBody,
  type EndpointDefinition,
  type EndpointId,
  type EndpointParams,
  type EndpointQuery,
  type EndpointResponse,
  type Endpoints,
  endpointList,
  endpointPath,
  endpoints,
  type HttpMethod,
} from './contract/endpoints';
export {
  defaultPageSize,
  maxPageSize,
  type Page,
  type PaginationQuery,
  pageSchema,
  paginationQuerySchema,
} from './contract/pagination';
export {
  type ErrorCode,
  errorCodeSchema,
  errorCodes,
  errorStatus,
  type Problem,
  type ProblemFieldError,
  problemContentType,
  problemErrorsFromIssues,
  problemFieldErrorSchema,
  problemSchema,
} from './contract/problem';
export {
  attachmentParamsSchema,
  attachmentUploadField,
  type HealthResponse,
  healthResponseSchema,
  idempotencyKeyHeader,
  idempotencyKeySchema,
  openApiDocumentSchema,
  type UploadedAttachment,
  uploadedAttachmentSchema,
} from './contract/system';
export {
  type AgentListTicketsQuery,
  type AgentMergeRequest,
  type AgentRenameRequest,
  type AgentReplyRequest,
  type AgentSetStatusRequest,
  type AgentTicketDetail,
  type AgentTicketPage,
  type AgentTicketSummary,
  agentListTicketsQuerySchema,
  agentMergeRequestSchema,
  agentRenameRequestSchema,
  agentReplyRequestSchema,
  agentSetStatusRequestSchema,
  agentTicketDetailSchema,
  agentTicketPageSchema,
  agentTicketSummarySchema,
  attachmentIdsSchema,
  type CloseTicketRequest,
  type CreateTicketRequest,
  closeTicketRequestSchema,
  createTicketRequestSchema,
  type ListTicketsQuery,
  listTicketsQuerySchema,
  type RateTicketRequest,
  type ReopenTicketRequest,
  type ReplyRequest,
  rateTicketRequestSchema,
  reopenTicketRequestSchema,
  replyRequestSchema,
  type SimilarTicketsQuery,
  type SimilarTicketsResponse,
  similarTicketsQuerySchema,
  similarTicketsResponseSchema,
  type Thread,
  type TicketDetail,
  type TicketPage,
  type TicketParams,
  type TicketScope,
  type TicketStatusFilter,
  type TicketSummary,
  threadSchema,
  ticketDetailSchema,
  ticketPageSchema,
  ticketParamsSchema,
  ticketScopes,
  ticketStatusFilterSchema,
  ticketStatusFilters,
  ticketSummarySchema,
} from './contract/tickets';
// i18n (i18n/): French ships in the main entry; English and Spanish are separate entries
export { fr, type MessageKey, type Messages } from './i18n/fr';
export {
  createTranslator,
  type MessageParams,
  type TermForms,
  type TermGender,
  type Translator,
  type TranslatorOptions,
} from './i18n/translate';
export {
  type FieldError,
  formatValidationErrors,
  type ValidationResult,
  validate,
} from './i18n/validation';

// API client and outbox (client/)
export {
  type AgentClientOptions,
  type AideAgentClient,
  createAgentClient,
} from './client/agent-client';
export {
  type AideClient,
  type ClientOptions,
  createClient,
  type GetTokenContext,
} from './client/create-client';
export {
  AideError,
  type AideErrorCode,
  type AideErrorOptions,
  type ClientErrorCode,
  clientErrorCodes,
  isAideError,
} from './client/errors';
export { createIdempotencyKey } from './client/idempotency';
export {
  createMemoryOutboxStorage,
  createOutbox,
  createWebStorageOutboxStorage,
  type FlushOptions,
  type FlushResult,
  type Outbox,
  type OutboxEntry,
  type OutboxError,
  type OutboxOptions,
  type OutboxStorage,
  outboxEntrySchema,
  type StorageLike,
} from './client/outbox';
export type {
  ConnectionOptions,
  FetchFunction,
  PostOptions,
  RequestOptions,
  RetryOptions,
  UploadFile,
  UploadOptions,
  UploadProgress,
} from './client/transport';
