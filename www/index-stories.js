// The index worker's side of copies and stories (index-worker.js merges
// these handlers): the reader's links of a document's group, and the
// grouping into stories a slice at a time, so searches run between slices.
//
// Protocol:
//   → { type: 'groupLinks', id, doc }    ← { type: 'groupLinks', id, links: { original, copies, story } }
//   → { type: 'clusterStep', id }  a slice of the grouping (about SLICE_MS), started if need be
//   ← { type: 'clusterStep', id, done, total, finished }

/** The grouping under way, if any. */
let job = null;

/**
 * How long one slice may keep the worker from a search waiting behind it.
 * Measured rather than counted in documents: a document's unit of work
 * grows with its length and with the machine, and a fixed count of 2,000
 * took 1.6 s a slice at 10,000 articles.
 */
const SLICE_MS = 20;
/** Documents per call into the core between looks at the clock (each well under a millisecond). */
const UNITS_PER_LOOK = 8;

export function storiesHandlers(corpus) {
  return {
    groupLinks: ({ doc }) => ({ type: 'groupLinks', links: corpus().groupLinks(doc) }),
    clusterStep: () => {
      if (corpus().hasStories()) {
        job?.free();
        job = null;
        return { type: 'clusterStep', done: 1, total: 1, finished: true };
      }
      job ??= corpus().startClustering();
      const start = performance.now();
      let finished;
      do finished = corpus().clusterStep(job, UNITS_PER_LOOK);
      while (!finished && performance.now() - start < SLICE_MS);
      const reply = { type: 'clusterStep', done: job.done(), total: job.total(), finished };
      if (finished) {
        job.free();
        job = null;
      }
      return reply;
    },
  };
}
