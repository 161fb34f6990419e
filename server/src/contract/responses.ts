/**
 * Response schemas (zod) of the analysis, map and planning routes: the one definition of what
 * goes over the wire. Services return these types (so the compiler holds them to it), the web app
 * imports them, and `test/api/planning.test.ts` parses live responses with them on both backends
 * (catching what types cannot: a Date that becomes a string, a NaN that becomes null). Objects
 * are strict, so a field added on one side only fails the test; areas and facilities keep their
 * imported attributes.
 */
export * from './responses/analysis'
export * from './responses/maps'
export * from './responses/planning'
