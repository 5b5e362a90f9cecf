using System;
using System.Collections.Generic;
using System.Data.Common;
using Bioreactor.Control.Primitives;
using Dapper;
using Microsoft.AspNetCore.Identity;

namespace Bioreactor.Station.Archive;

/// <summary>A station login account (not a device operator's signing key: see the README's "People").</summary>
public sealed record Account(string Id, string DisplayName, string Role, bool Disabled);

/// <summary>
/// The station's own login accounts in table <c>accounts</c>. Passwords are kept as ASP.NET Core Identity's
/// <see cref="PasswordHasher{TUser}"/> hashes (its V3 format: PBKDF2 with HMAC-SHA512, a random salt and the iteration
/// count in the hash, so a later default can be read and re-hashed). Ids follow the devices' operator-id rule
/// (<see cref="TextRules.IsIdentifier"/>), so a station login and a device operator can share one id.
/// </summary>
public sealed class AccountStore
{
    /// <summary>Runs batches (the device directory's role word).</summary>
    public const string Technician = "technician";

    /// <summary>Reviews and releases batches.</summary>
    public const string Qa = "qa";

    /// <summary>Manages the station and the devices' directories.</summary>
    public const string Administrator = "administrator";

    /// <summary>Reads pages only (a station role; no device role).</summary>
    public const string Viewer = "viewer";

    /// <summary>Every role, least to most privileged.</summary>
    public static readonly IReadOnlyList<string> Roles = new[] { Viewer, Technician, Qa, Administrator };

    private const int MaximumDisplayNameLength = 64;

    // The hasher ignores the user object; one instance serves every account.
    private static readonly PasswordHasher<Account> Hasher = new();
    private static readonly Account HashSubject = new("-", "-", Viewer, false);

    private readonly StationDatabase database;

    /// <summary>Creates the store over <paramref name="database"/>.</summary>
    public AccountStore(StationDatabase database)
    {
        this.database = database ?? throw new ArgumentNullException(nameof(database));
    }

    /// <summary>Adds an account.</summary>
    /// <exception cref="ArgumentException">A bad id, role, display name or an empty password, or the id exists.</exception>
    public Account Add(string id, string displayName, string role, string password)
    {
        CheckId(id);
        if (!IsRole(role))
        {
            throw new ArgumentException($"role '{role}' is none of {string.Join(", ", Roles)}", nameof(role));
        }

        if (!TextRules.IsText(displayName, false) || displayName.Length > MaximumDisplayNameLength)
        {
            throw new ArgumentException($"the display name must be 1 to {MaximumDisplayNameLength} characters on one line", nameof(displayName));
        }

        CheckPassword(password);
        long now = StationDatabase.ToMilliseconds(DateTime.UtcNow);
        using DbConnection connection = database.Connect();
        int added = connection.Execute(
            "INSERT INTO accounts (id, display_name, role, password_hash, disabled, created_utc, changed_utc) "
            + "SELECT @id, @displayName, @role, @hash, 0, @now, @now WHERE NOT EXISTS (SELECT 1 FROM accounts WHERE id = @id)",
            new { id, displayName, role, hash = Hasher.HashPassword(HashSubject, password), now });
        if (added == 0)
        {
            throw new ArgumentException($"account '{id}' exists already", nameof(id));
        }

        return new Account(id, displayName, role, false);
    }

    /// <summary>The account, or null.</summary>
    public Account Find(string id)
    {
        if (!TextRules.IsIdentifier(id))
        {
            return null;
        }

        using DbConnection connection = database.Connect();
        AccountRow row = connection.QuerySingleOrDefault<AccountRow>(
            "SELECT id, display_name AS DisplayName, role, password_hash AS PasswordHash, disabled FROM accounts WHERE id = @id", new { id });
        return row?.ToAccount();
    }

    /// <summary>Every account, by id.</summary>
    public IReadOnlyList<Account> List()
    {
        using DbConnection connection = database.Connect();
        return connection.Query<AccountRow>(
            "SELECT id, display_name AS DisplayName, role, password_hash AS PasswordHash, disabled FROM accounts ORDER BY id")
            .AsList().ConvertAll(r => r.ToAccount());
    }

    /// <summary>The account when <paramref name="password"/> is its password and it is not disabled; else null.</summary>
    public Account Verify(string id, string password)
    {
        if (!TextRules.IsIdentifier(id) || string.IsNullOrEmpty(password))
        {
            return null;
        }

        using DbConnection connection = database.Connect();
        AccountRow row = connection.QuerySingleOrDefault<AccountRow>(
            "SELECT id, display_name AS DisplayName, role, password_hash AS PasswordHash, disabled FROM accounts WHERE id = @id", new { id });
        if (row == null || row.Disabled != 0)
        {
            return null;
        }

        PasswordVerificationResult result = Hasher.VerifyHashedPassword(HashSubject, row.PasswordHash, password);
        if (result == PasswordVerificationResult.Failed)
        {
            return null;
        }

        if (result == PasswordVerificationResult.SuccessRehashNeeded)
        {
            // An older format or iteration count: re-hashed with today's default while the password is at hand.
            connection.Execute("UPDATE accounts SET password_hash = @hash WHERE id = @id",
                new { id, hash = Hasher.HashPassword(HashSubject, password) });
        }

        return row.ToAccount();
    }

    /// <summary>Sets a new password; false when there is no such account.</summary>
    public bool SetPassword(string id, string password)
    {
        CheckPassword(password);
        using DbConnection connection = database.Connect();
        return connection.Execute("UPDATE accounts SET password_hash = @hash, changed_utc = @now WHERE id = @id",
            new { id, hash = Hasher.HashPassword(HashSubject, password), now = StationDatabase.ToMilliseconds(DateTime.UtcNow) }) > 0;
    }

    /// <summary>Disables an account (kept, so who did what stays attributable); false when there is no such account.</summary>
    public bool Disable(string id)
    {
        using DbConnection connection = database.Connect();
        return connection.Execute("UPDATE accounts SET disabled = 1, changed_utc = @now WHERE id = @id",
            new { id, now = StationDatabase.ToMilliseconds(DateTime.UtcNow) }) > 0;
    }

    /// <summary>Whether <paramref name="role"/> is one of <see cref="Roles"/>.</summary>
    public static bool IsRole(string role) => role is Technician or Qa or Administrator or Viewer;

    private static void CheckId(string id)
    {
        if (!TextRules.IsIdentifier(id))
        {
            throw new ArgumentException($"account id '{id}' breaks the operator-id rule: {TextRules.IdentifierRule}", nameof(id));
        }
    }

    private static void CheckPassword(string password)
    {
        if (string.IsNullOrEmpty(password))
        {
            throw new ArgumentException("the password is empty", nameof(password));
        }
    }

    private sealed class AccountRow
    {
        public string Id { get; set; }

        public string DisplayName { get; set; }

        public string Role { get; set; }

        public string PasswordHash { get; set; }

        public long Disabled { get; set; }

        public Account ToAccount() => new(Id, DisplayName, Role, Disabled != 0);
    }
}
