export type RuleOperator = '=' | '<=' | '>';

/**
 * One condition on a metadata field. `=` with a string or boolean names a
 * category; `=` with null means the field is missing; `<=` and `>` compare a
 * numeric field with a threshold (a missing value satisfies neither).
 */
export interface RulePredicate {
  field: string;
  op: RuleOperator;
  value: string | number | boolean | null;
}

/** A conjunction of predicates that describes an aggressor. */
export interface MetadataRule {
  /** The predicates in words, joined by "and". */
  text: string;
  predicates: RulePredicate[];
  /** |rule ∩ aggressor| / |aggressor|. */
  coverage: number;
  /** |rule ∩ aggressor| / |rule|. */
  precision: number;
  /** Samples of the run the rule covers. */
  support: number;
  /** Members of the aggressor the rule covers. */
  members: number;
  /** F1 of the rule as a predictor of membership: 2 members / (support + |aggressor|). */
  score: number;
  /** False when the beam left out a candidate that might have scored higher. */
  exhaustive: boolean;
}

export interface RuleSearchOptions {
  /** Most predicates in a rule. Default 3. */
  maxPredicates?: number;
  /** Fewest samples a rule may cover. Default 5, at most the aggressor's size. */
  minSupport?: number;
  /** Numeric thresholds are cut at the quantiles of this many bins. Default 10. */
  quantileBins?: number;
  /** Candidates kept per level for extension, best score first. Default 128. */
  beamWidth?: number;
}
