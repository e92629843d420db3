/**
 * Expressions in migration specs: {@link dev.ferry.expr.Expression} wraps an Apache Commons JEXL 3
 * expression that reads one record (top-level fields are variables, nested records are reached with
 * dots) and returns a Ferry value. Expressions are sandboxed: no assignments or other side effects,
 * no {@code new}, no loops, lambdas, pragmas or namespaces, and method calls only on the values the
 * record holds (strings, numbers, lists, maps) within JEXL's restricted permissions, with {@code
 * getClass} denied so no Java class can be reached.
 */
package dev.ferry.expr;
