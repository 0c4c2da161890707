/**
 * YAML text for a generated file, with a header comment and a comment above chosen keys of its
 * `services` map. Written as YAML 1.1, so strings such as "no" and "on" come out quoted and no
 * reader (Compose, kubectl) takes them for booleans. The yaml package is loaded only here.
 */
export async function toYaml(
  value: unknown,
  header: string,
  serviceComments: Record<string, string> = {},
): Promise<string> {
  const { Document, isMap, isScalar } = await import('yaml');
  const doc = new Document(value, { version: '1.1', aliasDuplicateObjects: false });
  doc.commentBefore = header;
  const services = doc.get('services', true);
  if (isMap(services)) {
    for (const pair of services.items) {
      const comment = isScalar(pair.key) ? serviceComments[String(pair.key.value)] : undefined;
      if (comment !== undefined && isScalar(pair.key))
        pair.key.commentBefore = comment
          .split('\n')
          .map((line) => ` ${line}`)
          .join('\n');
    }
  }
  return doc.toString({ lineWidth: 0 });
}
