import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // One Holdfast for the whole run; test files reach it through inject('holdfastEndpoint').
    globalSetup: './global-setup.ts',
  },
});
