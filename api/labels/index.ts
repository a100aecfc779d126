/** Label selectors: parse, match, convert from the structured LabelSelector, print. */
export { parseSelector } from './parse.ts';
export { labelSelectorToString, selectorFromLabelSelector } from './label-selector.ts';
export {
  everything,
  isEverything,
  matches,
  newRequirement,
  nothing,
  requirementToString,
  SelectorError,
  selectorFromSet,
  selectorToString,
  type Labels,
  type Operator,
  type Requirement,
  type Selector,
} from './selector.ts';
export { validateLabelValue, validateQualifiedName } from './validation.ts';
