/** Building blocks of the scenario schemas: expression fields, string maps and distributions. */

/** A field taking a number or an expression string (`"nodes * 30"`, `"90 s"`, `"1.2 GB"`). */
export const expr = { type: ['number', 'string'] } as const;

/** A map from names to string values (labels, nodeSelector). */
export const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const;

/** A distribution of durations: exactly one family. */
export const distribution = {
  type: 'object',
  minProperties: 1,
  maxProperties: 1,
  additionalProperties: false,
  properties: {
    constant: expr,
    uniform: { type: 'object', additionalProperties: false, required: ['min', 'max'], properties: { min: expr, max: expr } },
    exponential: { type: 'object', additionalProperties: false, required: ['mean'], properties: { mean: expr } },
    normal: { type: 'object', additionalProperties: false, required: ['mean', 'stddev'], properties: { mean: expr, stddev: expr } },
    lognormal: { type: 'object', additionalProperties: false, required: ['median', 'p99'], properties: { median: expr, p99: expr } },
    empirical: { type: 'array', minItems: 2, items: { type: 'array', minItems: 2, maxItems: 2, items: expr } },
  },
} as const;

