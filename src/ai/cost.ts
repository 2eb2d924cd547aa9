// Token use and estimated cost per call. Prices are USD per million tokens (Anthropic's public
// list prices); a model id matches the longest known prefix, so dated ids (claude-…-20250929)
// price like their alias. An unknown model has an unknown (null) cost, never a guessed one.

export interface Price {
  inputPerMTok: number;
  outputPerMTok: number;
}

export const PRICES: Record<string, Price> = {
  'claude-opus-4-6': { inputPerMTok: 5, outputPerMTok: 25 },
  'claude-sonnet-4-6': { inputPerMTok: 3, outputPerMTok: 15 },
  'claude-opus-4-5': { inputPerMTok: 5, outputPerMTok: 25 },
  'claude-opus-4-1': { inputPerMTok: 15, outputPerMTok: 75 },
  'claude-opus-4': { inputPerMTok: 15, outputPerMTok: 75 },
  'claude-sonnet-4-5': { inputPerMTok: 3, outputPerMTok: 15 },
  'claude-sonnet-4': { inputPerMTok: 3, outputPerMTok: 15 },
  'claude-3-7-sonnet': { inputPerMTok: 3, outputPerMTok: 15 },
  'claude-3-5-sonnet': { inputPerMTok: 3, outputPerMTok: 15 },
  'claude-haiku-4-5': { inputPerMTok: 1, outputPerMTok: 5 },
  'claude-3-5-haiku': { inputPerMTok: 0.8, outputPerMTok: 4 },
  'claude-3-haiku': { inputPerMTok: 0.25, outputPerMTok: 1.25 },
};

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  /** Prompt-cache writes and reads, when the API reports them. */
  cacheCreationInputTokens?: number;
  cacheReadInputTokens?: number;
}

export function priceOf(model: string): Price | null {
  let best: string | null = null;
  for (const id of Object.keys(PRICES)) {
    if ((model === id || model.startsWith(id + '-')) && (best === null || id.length > best.length)) best = id;
  }
  return best ? PRICES[best]! : null;
}

/** Estimated cost in USD (rounded to 1e-6), or null for a model without a known price. */
export function estimateCost(model: string, usage: TokenUsage): number | null {
  const p = priceOf(model);
  if (!p) return null;
  const input =
    usage.inputTokens +
    (usage.cacheCreationInputTokens ?? 0) * 1.25 +
    (usage.cacheReadInputTokens ?? 0) * 0.1;
  const usd = (input * p.inputPerMTok + usage.outputTokens * p.outputPerMTok) / 1_000_000;
  return Math.round(usd * 1e6) / 1e6;
}

/** Usage from a Messages API `usage` object (missing fields count as 0). */
export function usageFromApi(u: unknown): TokenUsage {
  const o = (u && typeof u === 'object' ? u : {}) as Record<string, unknown>;
  const n = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
  return {
    inputTokens: n(o.input_tokens),
    outputTokens: n(o.output_tokens),
    cacheCreationInputTokens: n(o.cache_creation_input_tokens),
    cacheReadInputTokens: n(o.cache_read_input_tokens),
  };
}
