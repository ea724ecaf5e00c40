// The index worker's side of copies and stories (index-worker.js merges
// these handlers): the reader's links of a document's group, and the
// grouping into stories a slice at a time, so searches run between slices.
//
// Protocol:
//   → { type: 'groupLinks', id, doc }    ← { type: 'groupLinks', id, links: { original, copies, story } }
//   → { type: 'clusterStep', id, budget }  a slice of the grouping, started if need be
//   ← { type: 'clusterStep', id, done, total, finished }

/** The grouping under way, if any. */
let job = null;

export function storiesHandlers(corpus) {
  return {
    groupLinks: ({ doc }) => ({ type: 'groupLinks', links: corpus().groupLinks(doc) }),
    clusterStep: ({ budget }) => {
      if (corpus().hasStories()) {
        job?.free();
        job = null;
        return { type: 'clusterStep', done: 1, total: 1, finished: true };
      }
      job ??= corpus().startClustering();
      const finished = corpus().clusterStep(job, budget);
      const reply = { type: 'clusterStep', done: job.done(), total: job.total(), finished };
      if (finished) {
        job.free();
        job = null;
      }
      return reply;
    },
  };
}
