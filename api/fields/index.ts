/** Field selectors: parse, match, and the selectable fields of each kind. */
export {
  checkSupportedFields,
  escapeFieldValue,
  fieldMatches,
  fieldMatches as matches,
  fieldSelectorToString,
  parseFieldSelector,
  requiredValue,
  type FieldRequirement,
  type Fields,
  type FieldSelector,
} from './selector.ts';
export { fieldsOf, kindFieldPaths, kindFields, supportedFields } from './fields-of.ts';
