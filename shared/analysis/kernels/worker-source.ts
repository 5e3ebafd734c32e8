/**
 * The body of a kernel worker thread, as source text so that it is bundled
 * with the code that starts it (run with `eval: true`). It instantiates the
 * kernels on the shared memory, says it is ready, then waits on its control
 * block: state 1 = call export `names[op]` with `count` arguments, reply 2
 * (done) or 3 (failed, its message as UTF-16 codes after the arguments);
 * state 4 = exit.
 */
export const WORKER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { memory, module, control, names } = workerData;
const state = new Int32Array(control, 0, 4);
const args = new Float64Array(control, 16, 24);
const message = new Uint16Array(control, 208, 256);
const fail = (cause) => {
  const text = String(cause).slice(0, 255);
  for (let i = 0; i < text.length; i++) message[i] = text.charCodeAt(i);
  message[text.length] = 0;
};
try {
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
  Atomics.store(state, 2, 1);
  Atomics.notify(state, 2);
  for (;;) {
    let task = Atomics.load(state, 0);
    while (task !== 1 && task !== 4) {
      Atomics.wait(state, 0, task);
      task = Atomics.load(state, 0);
    }
    if (task === 4) break;
    try {
      exports[names[state[1]]](...args.subarray(0, state[3]));
      Atomics.store(state, 0, 2);
    } catch (cause) {
      fail(cause);
      Atomics.store(state, 0, 3);
    }
    Atomics.notify(state, 0);
  }
} catch (cause) {
  fail(cause);
  Atomics.store(state, 2, 2);
  Atomics.notify(state, 2);
}
`;
