// The index worker's side of learned boilerplate (index-worker.js merges
// these handlers): the core learns each outlet's furniture from the whole
// corpus (jianbao::learn: a paragraph in at least 10 and 5 % of an outlet's
// articles, outlets of 20 or more, credit lines never) and moves it out of
// search into each record's `boilerplate`, which the reader can show.
//
// Protocol:
//   → { type: 'learn', id }      after a load, before the list is searched again
//   ← { type: 'learned', id, learning: { learned, hidden, articles }, stats }
// and a restore (see index-worker.js) learns once the stored corpus is in:
// its reply gains `learning`. Learning again over the same articles moves
// nothing, so both cost one counting pass when nothing is new.

/** The handlers, over the worker's corpus (`corpus()`: the live WasmCorpus); `restore` wraps the worker's own. */
export function learnHandlers(corpus, { restore }) {
  return {
    learn: () => ({ type: 'learned', learning: corpus().learnBoilerplate(), stats: corpus().stats() }),
    restore: async (message) => {
      const reply = await restore(message);
      return reply.status === 'restored' ? { ...reply, learning: corpus().learnBoilerplate() } : reply;
    },
  };
}
