import { AnalysisParameterError } from '../errors.ts';
import { checkMask } from '../metadata/membership.ts';
import type { MetadataTable } from '../metadata/types.ts';
import {
  bitsetFromMask,
  intersectInto,
  intersectionCounts,
  intersectionSize,
} from './bitset.ts';
import type { Bitset } from './bitset.ts';
import { ruleText } from './predicate-text.ts';
import { candidatePredicates } from './predicates.ts';
import type { CandidatePredicate } from './predicates.ts';
import type { MetadataRule, RuleSearchOptions } from './types.ts';

const NO_ROWS: Bitset = new Uint32Array(0);

interface Settings {
  maxPredicates: number;
  minSupport: number;
  quantileBins: number;
  beamWidth: number;
}

interface Candidate {
  /** Indexes into the candidate predicates, ascending. */
  parts: number[];
  rows: Bitset;
  support: number;
  members: number;
  score: number;
  bound: number;
}

interface Search {
  predicates: CandidatePredicate[];
  memberRows: Bitset;
  /** Members each predicate covers: no extension by it covers more. */
  predicateMembers: Int32Array;
  groupSize: number;
  settings: Settings;
  best: Candidate | null;
  bestScore: number;
  /** Whether the beam left out a candidate that could still have won. */
  truncated: boolean;
}

/**
 * The conjunction of at most `maxPredicates` metadata predicates that best
 * describes a group (mask over the table's rows, 1 = member), scored by F1
 * of predicting membership. Level-wise search in the manner of SliceLine:
 * level 1 scores every predicate; each level extends the best `beamWidth`
 * candidates by one predicate on another field. A candidate covering fewer
 * than `minSupport` samples is dropped (its extensions cover fewer still),
 * and one is extended only while its upper bound, 2m / (max(m, minSupport)
 * + |group|) for its m members, beats the best score so far: an extension
 * keeps at most those m members. Without the beam limit the search is exact;
 * `exhaustive` says whether the beam left out any candidate.
 * Returns null when no rule scores above the empty rule (everything).
 */
export function findRule(
  table: MetadataTable,
  mask: Uint8Array,
  options: RuleSearchOptions = {},
): MetadataRule | null {
  const groupSize = checkMask(mask, table.size, 'mask');
  const settings = resolveSettings(options, groupSize);

  const predicates = candidatePredicates(
    table,
    settings.minSupport,
    settings.quantileBins,
  );
  const search: Search = {
    predicates,
    memberRows: bitsetFromMask(mask),
    predicateMembers: new Int32Array(predicates.length),
    groupSize,
    settings,
    best: null,
    bestScore: (2 * groupSize) / (table.size + groupSize),
    truncated: false,
  };
  let frontier = firstLevel(search);
  for (let level = 2; level <= settings.maxPredicates; level++) {
    frontier = nextLevel(search, frontier, level < settings.maxPredicates);
  }

  return search.best === null ? null : toRule(search, search.best);
}

function resolveSettings(options: RuleSearchOptions, groupSize: number): Settings {
  const settings = {
    maxPredicates: options.maxPredicates ?? 3,
    minSupport: Math.min(options.minSupport ?? 5, groupSize),
    quantileBins: options.quantileBins ?? 10,
    beamWidth: options.beamWidth ?? 128,
  };
  const checks: Array<[keyof Settings, number]> = [
    ['maxPredicates', 1],
    ['minSupport', 1],
    ['quantileBins', 2],
    ['beamWidth', 1],
  ];
  for (const [name, least] of checks) {
    const value = settings[name];
    if (!(value >= least) || (!Number.isInteger(value) && value !== Infinity)) {
      throw new AnalysisParameterError(name, options[name], `an integer >= ${least}`);
    }
  }

  return settings;
}

function firstLevel(search: Search): Candidate[] {
  const candidates = search.predicates.flatMap((p, i) => {
    const members = intersectionSize(p.rows, search.memberRows);
    search.predicateMembers[i] = members;
    const candidate = evaluate(search, [i], p.rows, p.support, members);
    return candidate === null ? [] : [candidate];
  });

  return beam(search, candidates);
}

function nextLevel(
  search: Search,
  frontier: Candidate[],
  extendAgain: boolean,
): Candidate[] {
  const counted = new Int32Array(1);
  const parentRows = new Map<Candidate, Bitset>();
  const next: Candidate[] = [];
  for (const parent of frontier) {
    const used = new Set(parent.parts.map((i) => search.predicates[i]!.column));
    const first = (parent.parts.at(-1) as number) + 1;
    for (let j = first; j < search.predicates.length; j++) {
      const p = search.predicates[j] as CandidatePredicate;
      if (parent.bound <= search.bestScore || used.has(p.column)) {
        continue;
      }
      const mostMembers = Math.min(
        parent.members,
        search.predicateMembers[j] as number,
      );
      if (boundOf(search, mostMembers) <= search.bestScore) {
        continue;
      }
      const support = intersectionCounts(
        parent.rows,
        p.rows,
        search.memberRows,
        counted,
      );
      const parts = [...parent.parts, j];
      const child = evaluate(search, parts, NO_ROWS, support, counted[0] as number);
      if (child !== null && extendAgain) {
        parentRows.set(child, parent.rows);
        next.push(child);
      }
    }
  }

  return withRows(search, beam(search, next), parentRows);
}

/** The rows of the candidates kept for extension, worked out once they are kept. */
function withRows(
  search: Search,
  kept: Candidate[],
  parentRows: ReadonlyMap<Candidate, Bitset>,
): Candidate[] {
  for (const candidate of kept) {
    const last = search.predicates[
      candidate.parts.at(-1) as number
    ] as CandidatePredicate;
    candidate.rows = new Uint32Array(search.memberRows.length);
    intersectInto(parentRows.get(candidate) as Bitset, last.rows, candidate.rows);
  }

  return kept;
}

/** Scores a candidate, records it when best, and returns it when worth keeping. */
function evaluate(
  search: Search,
  parts: number[],
  rows: Bitset,
  support: number,
  members: number,
): Candidate | null {
  const { minSupport } = search.settings;
  if (support < minSupport || members === 0) {
    return null;
  }

  const score = (2 * members) / (support + search.groupSize);
  const bound = boundOf(search, members);
  const candidate = { parts, rows, support, members, score, bound };
  if (score > search.bestScore) {
    search.best = { ...candidate, rows: new Uint32Array(0) };
    search.bestScore = score;
  }

  return candidate;
}

/**
 * The best score a candidate with `members` members, or any extension of it,
 * can reach: it grows with `members`, so a child whose members are capped by
 * its parent's and its predicate's is skipped, unread, when the cap's bound
 * cannot beat the best (it could neither win nor pass the beam).
 */
function boundOf(search: Search, members: number): number {
  const { minSupport } = search.settings;

  return (2 * members) / (Math.max(members, minSupport) + search.groupSize);
}

/** The candidates still able to beat the best, best score first, at most beamWidth. */
function beam(search: Search, candidates: Candidate[]): Candidate[] {
  const promising = candidates.filter((c) => c.bound > search.bestScore);
  search.truncated ||= promising.length > search.settings.beamWidth;

  return promising
    .sort((a, b) => b.score - a.score || b.bound - a.bound)
    .slice(0, search.settings.beamWidth);
}

function toRule(search: Search, best: Candidate): MetadataRule {
  const predicates = best.parts.map((i) => search.predicates[i]!.predicate);

  return {
    text: ruleText(predicates),
    predicates,
    coverage: best.members / search.groupSize,
    precision: best.members / best.support,
    support: best.support,
    members: best.members,
    score: best.score,
    exhaustive: !search.truncated,
  };
}
