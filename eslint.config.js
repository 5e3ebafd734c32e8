import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    // .scratch/ is each developer's own, gitignored.
    ignores: [
      'node_modules/**',
      'cdk.out/**',
      '.aggressors/**',
      'bench/results/**',
      '.scratch/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
);
