/** @loom/metadata: JSON Schemas, TypeScript types and the validator of Loom metadata documents. */
export * from './types.ts';
export { fieldTypes, getCommonSchema, getKindSchema, isFieldType, isMetadataKind, metadataKinds, schemaBaseUri, type JsonSchemaObject } from './schemas.ts';
export { compileAllSchemas, depthIssue, MAX_DOCUMENT_DEPTH, validateDocument, type ValidationIssue, type ValidationResult } from './validate-document.ts';
export * from './ui-bundle.ts';
