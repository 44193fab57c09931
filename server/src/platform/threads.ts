import { Worker, type ResourceLimits } from "node:worker_threads";

/**
 * Runs `source` (CommonJS: it may require node's modules and what it is given the resolved path of in
 * `workerData`) once on a worker thread and resolves with the first message it posts: CPU work that
 * would hold the server's thread (issue 18: no request waits 200 ms behind another's work), such as
 * reading a workbook a clerk uploaded. Inline source runs the same from the TypeScript sources and the
 * build. The thread ends after its answer; a thread that fails or ends without one rejects (one over its
 * `resourceLimits` with code ERR_WORKER_OUT_OF_MEMORY).
 */
export function runOnThread<T>(source: string, workerData: unknown, options: { resourceLimits?: ResourceLimits } = {}): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(source, { eval: true, workerData, resourceLimits: options.resourceLimits });
    let answered = false;
    worker.once("message", (m: T) => {
      answered = true;
      resolve(m);
      void worker.terminate();
    });
    worker.once("error", (err) => {
      if (!answered) reject(err);
    });
    worker.once("exit", (code) => {
      if (!answered) reject(new Error(`worker thread ended (${code}) without an answer`));
    });
  });
}
