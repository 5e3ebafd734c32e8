import path from 'node:path';

/**
 * Where the demo keeps its files under a state folder: `cache/` survives
 * rebuilds (the vocabulary cut from GloVe), `demo/` is rewritten by each.
 */
export function spamDemoPaths(stateDir: string) {
  const root = path.resolve(stateDir);
  const demoDir = path.join(root, 'demo');

  return {
    stateDir: root,
    vocabularyPath: path.join(root, 'cache', 'spam-vocabulary.bin'),
    demoDir,
    modelsDir: path.join(demoDir, 'models'),
    bundlesDir: path.join(demoDir, 'bundles'),
  };
}
