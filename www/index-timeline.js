// The index worker's side of the timeline (index-worker.js merges these
// handlers): articles per period for a query, bucketed by the core
// (src/analysis/timeline.rs).
//
// Protocol:
//   → { type: 'timeline', id, query, by, utcOffsetMinutes, splitOutlet, collapse }   collapse as the list's search takes it
//   ← { type: 'timeline', id, buckets: [{ period, outlet?, count, from, to }] }   outlet only when split (and not on an empty period) | { type: 'timeline', id, error }
//   → { type: 'trends', id, query, terms, by, utcOffsetMinutes, collapse }   at most five terms
//   ← { type: 'trends', id, points: [{ term, period, hits, articles, per_1000 }] } | { type: 'trends', id, error }

import { isTrap } from './workers.js';

export function timelineHandlers(corpus) {
  return {
    timeline: ({ query, by, utcOffsetMinutes, splitOutlet = false, collapse }) => {
      try {
        return { type: 'timeline', buckets: corpus().timeline(query, by, utcOffsetMinutes, splitOutlet, collapse) };
      } catch (error) {
        if (isTrap(error)) throw error;
        return { type: 'timeline', error: String(error?.message || error) }; // a malformed query, in words
      }
    },
    trends: ({ query, terms, by, utcOffsetMinutes, collapse }) => {
      try {
        return { type: 'trends', points: corpus().trends(query, terms, by, utcOffsetMinutes, collapse) };
      } catch (error) {
        if (isTrap(error)) throw error;
        return { type: 'trends', error: String(error?.message || error) };
      }
    },
  };
}
