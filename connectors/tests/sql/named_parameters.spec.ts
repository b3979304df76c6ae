import { test } from '@japa/runner'
import { SqlStatementError, toPositionalStatement } from '../../src/sql/named_parameters.js'
import { SqlSyntaxError } from '../../src/sql/sql_lexer.js'
import { classifyStatement } from '../../src/sql/statement_classifier.js'

test.group('toPositionalStatement', () => {
  test('it should turn :name parameters into ? for MySQL and SQLite, one value per occurrence', ({
    assert,
  }) => {
    const statement = toPositionalStatement(
      'SELECT * FROM dossier WHERE number = :number OR owner = :owner OR alias = :number',
      'mysql'
    )
    assert.equal(statement.sql, 'SELECT * FROM dossier WHERE number = ? OR owner = ? OR alias = ?')
    assert.deepEqual(statement.parameterOrder, ['number', 'owner', 'number'])
    assert.deepEqual(statement.parameterNames, ['number', 'owner'])
  })

  test('it should turn :name parameters into $n for PostgreSQL, reusing the number of a repeated name', ({
    assert,
  }) => {
    const statement = toPositionalStatement('SELECT :a::int + :b, :a', 'postgres')
    assert.equal(statement.sql, 'SELECT $1::int + $2, $1')
    assert.deepEqual(statement.parameterOrder, ['a', 'b'])
  })

  test('it should leave {0} alone')
    .with([
      ['SELECT \':notAParameter\', "col:x" FROM t -- :comment', 'postgres'],
      ['SELECT `a:b` FROM t # :comment', 'mysql'],
      ["SELECT 'it\\'s :x' FROM t", 'mysql'],
      ['SELECT $$ :x $$, $tag$ :y $tag$', 'postgres'],
      ['SELECT x::text, y FROM t /* :z */', 'postgres'],
      ['SELECT @v := 1', 'mysql'],
      ['SELECT [odd:name] FROM t', 'sqlite'],
    ] as const)
    .run(({ assert }, [sql, dialect]) => {
      assert.deepEqual(toPositionalStatement(sql, dialect).parameterNames, [])
    })

  test('it should refuse several statements and positional placeholders', ({ assert }) => {
    assert.throws(
      () => toPositionalStatement('SELECT 1; DROP TABLE t', 'mysql'),
      /one SQL statement/
    )
    assert.throws(
      () => toPositionalStatement('SELECT * FROM t WHERE id = ?', 'sqlite'),
      /positional placeholder \?/
    )
    assert.throws(
      () => toPositionalStatement('SELECT * FROM t WHERE id = $1', 'postgres'),
      /positional placeholder \$n/
    )
    assert.doesNotThrow(() => toPositionalStatement("SELECT data ? 'key' FROM t;", 'postgres'))
    try {
      toPositionalStatement('SELECT 1; SELECT 2', 'postgres')
    } catch (error) {
      assert.instanceOf(error, SqlStatementError)
    }
  })

  test('it should refuse an unterminated literal', ({ assert }) => {
    assert.throws(() => toPositionalStatement("SELECT 'open", 'postgres'), SqlSyntaxError)
  })
})

test.group('classifyStatement', () => {
  const classify = (sql: string, dialect: 'mysql' | 'postgres' | 'sqlite' = 'postgres') =>
    classifyStatement(toPositionalStatement(sql, dialect).tokens)

  test('it should classify {0} as a read')
    .with([
      'SELECT * FROM dossier WHERE id = :id',
      '  (SELECT 1)',
      'WITH recent AS (SELECT * FROM dossier) SELECT * FROM recent',
      "SELECT replace(name, 'a', 'b'), 'DELETE' AS word FROM dossier -- UPDATE",
      'VALUES (1), (2)',
      'EXPLAIN SELECT 1',
      'SHOW TABLES',
    ])
    .run(({ assert }, sql) => {
      assert.equal(classify(sql).kind, 'read')
    })

  test('it should classify {0} as a write')
    .with([
      'INSERT INTO dossier (id) VALUES (:id)',
      'update dossier set status = :status',
      'DELETE FROM dossier',
      'WITH gone AS (DELETE FROM dossier RETURNING *) SELECT * FROM gone',
      'SELECT * FROM dossier FOR UPDATE',
      'SELECT * INTO copy FROM dossier',
      'EXPLAIN ANALYZE DELETE FROM dossier',
      'CREATE TABLE x (a int)',
      'CALL archive_dossiers()',
      'PRAGMA writable_schema = 1',
    ])
    .run(({ assert }, sql) => {
      assert.equal(classify(sql).kind, 'write')
    })

  test('it should say which statements a PostgreSQL cursor can run', ({ assert }) => {
    assert.isTrue(classify('SELECT 1').cursorable)
    assert.isTrue(classify('WITH a AS (SELECT 1) SELECT * FROM a').cursorable)
    assert.isFalse(classify('SHOW server_version').cursorable)
  })
})
