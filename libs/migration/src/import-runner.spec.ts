import type { ImportHandler } from './import-handler';
import { writeGroups } from './import-runner';

const handler = (type: string, bulk: boolean): ImportHandler<{ key: string }> => ({
  type, counter: 'users', fields: [], check: (l) => l as { key: string }, apply: async () => 'created',
  ...(bulk ? { batchKeys: (p: { key: string }) => p.key.split(','), writeBatch: async (ps: unknown[]) => ps.map(() => 'created' as const) } : {}),
});

describe(writeGroups.name, () => {
  const users = handler('user', true) as ImportHandler;
  const grants = handler('grant', true) as ImportHandler;
  const channels = handler('channel', false) as ImportHandler;
  const line = (h: ImportHandler, key: string) => ({ handler: h, parsed: { key } });
  const shape = (groups: { parsed: unknown }[][]) => groups.map((g) => g.map((p) => (p.parsed as { key: string }).key));

  it('groups consecutive lines of a type with writeBatch; every other line alone', () => {
    const batch = [line(users, 'a'), line(users, 'b'), line(channels, 'c1'), line(channels, 'c2'), line(grants, 'g1'), line(grants, 'g2'), line(users, 'd')];
    expect(shape(writeGroups(batch))).toEqual([['a', 'b'], ['c1'], ['c2'], ['g1', 'g2'], ['d']]);
  });

  it('a line repeating a key of its group starts the next group (it must see what the earlier line wrote)', () => {
    const batch = [line(users, 'id:1,name:x'), line(users, 'id:2,name:y'), line(users, 'id:1,name:z'), line(users, 'id:3,name:w'), line(users, 'id:4,name:w')];
    expect(shape(writeGroups(batch))).toEqual([['id:1,name:x', 'id:2,name:y'], ['id:1,name:z', 'id:3,name:w'], ['id:4,name:w']]);
  });
});
