import { expect, it } from 'vitest'
import { listMigrations, splitStatements } from './migrate'

it('splits a migration into statements, ignoring comments', () => {
  const sql = `-- header; with a semicolon\nCREATE TABLE a (x int); -- trailing\nCREATE INDEX ON a (x);\n\nINSERT INTO a VALUES (1), (2);\n`
  expect(splitStatements(sql)).toEqual(['CREATE TABLE a (x int)', 'CREATE INDEX ON a (x)', 'INSERT INTO a VALUES (1), (2)'])
})

it('numbers the shipped migrations 1, 2, 3… without gaps', () => {
  const versions = listMigrations().map((m) => m.version)
  expect(versions[0]).toBe(1)
  versions.forEach((v, i) => expect(v).toBe(i + 1))
})
