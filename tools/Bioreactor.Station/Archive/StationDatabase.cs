using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Globalization;
using System.IO;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Bioreactor.Station.Archive;

/// <summary>
/// The station's database: SQLite (a file, nothing to install: the default) or PostgreSQL (a plant), with one ordered
/// list of schema migrations for both. Every operation opens its own connection (<see cref="Connect"/>; pooled by both
/// providers), so the object is shared by every request and background task.
/// </summary>
/// <remarks>
/// The migrations are portable SQL with three placeholders substituted per dialect: <c>{blob}</c> (SQLite BLOB,
/// PostgreSQL BYTEA), <c>{int64}</c> (INTEGER, which is 64-bit in SQLite, and BIGINT) and <c>{text}</c> (TEXT in both).
/// Booleans are 0/1 integers and times are milliseconds since 1970 UTC in both, so no value changes type between them.
/// The table <c>schema_migrations</c> records which migrations ran; opening runs the missing ones in order, each in a
/// transaction with its row, so a second open (or a second station process) runs nothing.
/// </remarks>
public sealed class StationDatabase
{
    /// <summary>The default SQLite file's name in the data directory.</summary>
    public const string DefaultFileName = "station.db";

    /// <summary>Every schema change, in order; never edit one that shipped: add the next.</summary>
    internal static readonly IReadOnlyList<(int Version, string Description, string Sql)> Migrations = new (int, string, string)[]
    {
        (1, "station accounts", """
            CREATE TABLE accounts (
                id {text} PRIMARY KEY,
                display_name {text} NOT NULL,
                role {text} NOT NULL,
                password_hash {text} NOT NULL,
                disabled {int64} NOT NULL DEFAULT 0,
                created_utc {int64} NOT NULL,
                changed_utc {int64} NOT NULL
            )
            """),
        (2, "record index and bytes", """
            CREATE TABLE records (
                device {text} NOT NULL,
                batch {text} NOT NULL,
                recipe_name {text},
                recipe_version {text},
                first_utc {int64},
                last_utc {int64},
                length {int64} NOT NULL,
                entries {int64} NOT NULL,
                last_sequence {int64} NOT NULL,
                is_open {int64} NOT NULL,
                verification {text} NOT NULL,
                finding {text},
                broken_sequence {int64},
                rewritten_by {text},
                key_source {text},
                fetched_utc {int64} NOT NULL,
                PRIMARY KEY (device, batch)
            );
            CREATE TABLE record_bytes (
                device {text} NOT NULL,
                batch {text} NOT NULL,
                bytes {blob} NOT NULL,
                PRIMARY KEY (device, batch)
            );
            CREATE TABLE superseded_records (
                device {text} NOT NULL,
                batch {text} NOT NULL,
                fetched_utc {int64} NOT NULL,
                replaced_utc {int64} NOT NULL,
                bytes {blob} NOT NULL
            )
            """),
        (3, "witnessed chain heads", """
            CREATE TABLE chain_heads (
                device {text} NOT NULL,
                batch {text} NOT NULL,
                sequence {int64} NOT NULL,
                mac {text} NOT NULL,
                first_seen_utc {int64} NOT NULL,
                last_seen_utc {int64} NOT NULL,
                PRIMARY KEY (device, batch, sequence, mac)
            )
            """),
    };

    private const string CreateMigrationTable = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version {int64} PRIMARY KEY,
            description {text} NOT NULL,
            applied_utc {int64} NOT NULL
        )
        """;

    private StationDatabase(string provider, string connectionString)
    {
        Provider = provider;
        ConnectionString = connectionString;
    }

    /// <summary>"sqlite" or "postgresql".</summary>
    public string Provider { get; }

    /// <summary>Whether this is PostgreSQL.</summary>
    public bool IsPostgreSql => Provider == "postgresql";

    /// <summary>The connection string (may hold a password: never show it).</summary>
    internal string ConnectionString { get; }

    /// <summary>
    /// Opens the database and applies the missing migrations: null → <c>station.db</c> in <paramref name="dataDirectory"/>
    /// (the directory is created); <c>Host=…</c> → PostgreSQL; <c>Data Source=…</c> → SQLite.
    /// </summary>
    /// <exception cref="ArgumentException">The connection string is of neither kind.</exception>
    /// <exception cref="StationDatabaseException">The database cannot be reached or migrated.</exception>
    public static StationDatabase Open(string database, string dataDirectory)
    {
        StationDatabase db;
        if (string.IsNullOrWhiteSpace(database))
        {
            string directory = Path.GetFullPath(string.IsNullOrWhiteSpace(dataDirectory) ? "station" : dataDirectory);
            Directory.CreateDirectory(directory);
            db = new StationDatabase("sqlite", new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, DefaultFileName) }.ToString());
        }
        else if (database.TrimStart().StartsWith("Host=", StringComparison.OrdinalIgnoreCase))
        {
            db = new StationDatabase("postgresql", database);
        }
        else if (database.TrimStart().StartsWith("Data Source=", StringComparison.OrdinalIgnoreCase))
        {
            db = new StationDatabase("sqlite", database);
        }
        else
        {
            throw new ArgumentException("--database must be a PostgreSQL connection string starting 'Host=' or a SQLite one starting 'Data Source='", nameof(database));
        }

        db.Migrate();
        return db;
    }

    /// <summary>An open connection (the caller disposes it).</summary>
    public DbConnection Connect()
    {
        DbConnection connection = IsPostgreSql ? new NpgsqlConnection(ConnectionString) : new SqliteConnection(ConnectionString);
        try
        {
            connection.Open();
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            connection.Dispose();
            throw new StationDatabaseException($"cannot open the station's {Provider} database: {e.Message}", e);
        }

        if (!IsPostgreSql)
        {
            // Readers do not wait for the writer (write-ahead log), and a writer waits for another up to 30 s instead of
            // failing at once (https://www.sqlite.org/wal.html, https://www.sqlite.org/pragma.html#pragma_busy_timeout).
            connection.Execute("PRAGMA journal_mode=WAL; PRAGMA busy_timeout=30000;");
        }

        return connection;
    }

    /// <summary>The versions recorded in <c>schema_migrations</c>, ascending.</summary>
    public IReadOnlyList<int> AppliedMigrations()
    {
        using DbConnection connection = Connect();
        return connection.Query<long>("SELECT version FROM schema_migrations ORDER BY version").AsList().ConvertAll(v => (int)v);
    }

    /// <summary>Applies the migrations not yet recorded, in order; returns how many ran (0 when the schema is current).</summary>
    public int Migrate()
    {
        using DbConnection connection = Connect();
        connection.Execute(Dialect(CreateMigrationTable));
        int applied = 0;
        foreach ((int version, string description, string sql) in Migrations)
        {
            using DbTransaction transaction = connection.BeginTransaction();
            if (IsPostgreSql)
            {
                // Two station processes starting together: the second waits here for the first's migrations.
                connection.Execute("LOCK TABLE schema_migrations IN EXCLUSIVE MODE", transaction: transaction);
            }

            long done = connection.ExecuteScalar<long>("SELECT COUNT(*) FROM schema_migrations WHERE version = @version", new { version = (long)version }, transaction);
            if (done > 0)
            {
                transaction.Commit();
                continue;
            }

            foreach (string statement in Dialect(sql).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                connection.Execute(statement, transaction: transaction);
            }

            connection.Execute("INSERT INTO schema_migrations (version, description, applied_utc) VALUES (@version, @description, @now)",
                new { version = (long)version, description, now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, transaction);
            transaction.Commit();
            applied++;
        }

        return applied;
    }

    /// <summary>The portable SQL with this provider's types.</summary>
    internal string Dialect(string sql) => sql
        .Replace("{blob}", IsPostgreSql ? "BYTEA" : "BLOB", StringComparison.Ordinal)
        .Replace("{int64}", IsPostgreSql ? "BIGINT" : "INTEGER", StringComparison.Ordinal)
        .Replace("{text}", "TEXT", StringComparison.Ordinal);

    /// <summary>Milliseconds since 1970 UTC, as the tables keep times.</summary>
    internal static long ToMilliseconds(DateTime utc) => new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

    /// <summary>A time from the tables.</summary>
    internal static DateTime FromMilliseconds(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds).UtcDateTime;

    /// <summary>For messages: the provider and, for SQLite, the file.</summary>
    public override string ToString() => IsPostgreSql
        ? "postgresql"
        : "sqlite " + new SqliteConnectionStringBuilder(ConnectionString).DataSource;

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The station's database failed (unreachable, refused, a migration failed).</summary>
public sealed class StationDatabaseException : Exception
{
    /// <summary>Creates the exception.</summary>
    public StationDatabaseException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
