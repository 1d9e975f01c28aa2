// Many callers, one query: the requests made during one turn of the event loop are answered
// together in the next (a fleet of sockets reconnecting after a restart asks thousands of
// the same question at once). `answerAll` gets the requests in order and returns one answer
// per request, in the same order; if it throws, every request of that batch fails with it.
type Pending<Q, A> = { request: Q; resolve: (answer: A) => void; reject: (error: unknown) => void };

export function perTurnBatch<Q, A>(answerAll: (requests: Q[]) => Promise<A[]>, maxBatch = 1000): (request: Q) => Promise<A> {
  let pending: Pending<Q, A>[] | undefined;

  const flush = () => {
    const batch = pending ?? [];
    pending = undefined;
    for (let i = 0; i < batch.length; i += maxBatch) void answer(batch.slice(i, i + maxBatch));
  };

  const answer = async (batch: Pending<Q, A>[]) => {
    try {
      const answers = await answerAll(batch.map((p) => p.request));
      batch.forEach((p, i) => p.resolve(answers[i]));
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  };

  return (request) =>
    new Promise<A>((resolve, reject) => {
      if (!pending) {
        pending = [];
        setImmediate(flush);
      }
      pending.push({ request, resolve, reject });
    });
}
