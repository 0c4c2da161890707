import { embeddedTemplate } from './databases.js';

/** vitest globalSetup: make the embedded template database once, before the test files fork. */
export default async function setup(): Promise<void> {
  await embeddedTemplate();
}
