import { DataSource } from 'typeorm';
import { usernameHolders } from './username-holders';

describe(usernameHolders.name, () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = new DataSource({ type: 'better-sqlite3', database: ':memory:' });
    await ds.initialize();
    await ds.query('CREATE TABLE users (id varchar PRIMARY KEY, username varchar UNIQUE)');
    const names = ['member123', 'Member124', 'MEMBER1234', 'alice', 'ALICEandBob', 'aliceandbob2', 'x.y_z@ex', 'dave-long-name-with-letters', 'DAVE-long-NAME-with-letters'];
    for (const [i, name] of names.entries()) await ds.query('INSERT INTO users VALUES (?, ?)', [`u${i}`, name]);
  });
  afterAll(() => ds.destroy());

  it.each([
    ['MEMBER123', ['member123']],
    ['member1234', ['MEMBER1234']],
    ['aliceANDbob', ['ALICEandBob']],
    ['X.Y_Z@EX', ['x.y_z@ex']],
    ['Dave-Long-Name-With-Letters', ['dave-long-name-with-letters', 'DAVE-long-NAME-with-letters']],
    ['member12', []],
    ['bob', []],
  ])('finds the holders of %p ignoring case, through the unique index', async (name, expected) => {
    expect((await usernameHolders(ds.manager, name)).map((r) => r.username).sort()).toEqual([...expected].sort());
  });
});
