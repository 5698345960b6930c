// The public face of logic/: one compiler from JSON Logic to SQL, and its JS reference.
export type { LogicContext, LogicOperand, LogicScope, LogicType } from './types.ts';
export { compileCondition } from './compile-condition.ts';
export { compileValue } from './compile-value.ts';
export { evaluateLogic } from './evaluate-logic.ts';
export { logicVars } from './logic-vars.ts';
export { isContextVar } from './context-vars.ts';
export { LOGIC_LIMITS } from './check-limits.ts';
