import type * as Jose from 'jose';

/**
 * jose ships as ES modules only. Node ≥ 20.19 loads those with a plain require(), but a
 * module registry that is not Node's own (jest's) cannot, so jose is loaded through Node's
 * loader directly. Every other file imports jose from here.
 */
const nodeModule = process.getBuiltinModule('node:module');
export const jose: typeof Jose = nodeModule.createRequire(__filename)('jose');
