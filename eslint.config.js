// Lint rules: typescript-eslint's recommended set, plus the layering rule of STYLE.md:
// the core (src/) never reaches into Lit or the elements.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'dist/**',
      'coverage/**',
      'storybook-static/**',
      'custom-elements.json',
      'test/types/fixtures/**',
      'django/**',
      '.venvs/**',
      'dist-python/**',
      'bench/.cache/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['lit', 'lit/*', '@lit/*'], message: 'src/ is the Lit-free core.' },
            {
              group: ['**/components/**', '../components/*'],
              message: 'src/ never imports components/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/**/*.ts', 'components/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Render message content as text.' },
        { property: 'outerHTML', message: 'Render message content as text.' },
      ],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
);
