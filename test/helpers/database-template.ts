import { embeddedTemplate } from './databases.js';

/** vitest globalSetup: make the embedded template databases once, before the test files fork. */
export default async function setup(): Promise<void> {
  await embeddedTemplate('migrated');
}
