using System;
using System.Collections.Generic;
using System.Security.Claims;
using System.Threading.Tasks;
using Bioreactor.Station.Archive;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bioreactor.Station.Accounts;

/// <summary>
/// Signing in to the station: the station's own accounts (<see cref="AccountStore"/>, ASP.NET Core's password hasher),
/// a cookie that ends after <see cref="StationOptions.IdleTimeout"/> without a request, and every page but the login
/// closed to anyone not signed in. Separate from the devices' signing keys on purpose: the station lets a person see
/// and prepare, the device's signature check decides who did what, so the station could not sign for anyone even if
/// its database were stolen (21 CFR 11.200(a)(1): the signature asks for the password again, in the browser).
/// </summary>
public static class StationAuthentication
{
    /// <summary>The role words of the station's accounts: the device directory's, and a read-only viewer.</summary>
    public static readonly IReadOnlyList<string> Roles = new[] { "technician", "qa", "administrator", "viewer" };

    /// <summary>The login page.</summary>
    public const string LoginPath = "/login";

    /// <summary>Registers cookie authentication and the sign-in-required default.</summary>
    public static IServiceCollection AddStationAuthentication(this IServiceCollection services, StationOptions options)
    {
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(cookie =>
        {
            cookie.Cookie.Name = "bioreactor-station";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.LoginPath = LoginPath;
            cookie.AccessDeniedPath = LoginPath;
            cookie.ExpireTimeSpan = options.IdleTimeout;
            cookie.SlidingExpiration = true;
        });
        services.AddAuthorization(authorization =>
            authorization.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        services.AddCascadingAuthenticationState();
        return services;
    }

    /// <summary>Maps the login and logout endpoints, and in demonstration mode signs every visitor in as the demo account.</summary>
    public static void MapStationAccounts(this WebApplication app, StationOptions options)
    {
        app.MapPost("/account/login", LoginAsync).AllowAnonymous();
        app.MapPost("/account/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect(LoginPath + "?signedOut=1");
        }).AllowAnonymous();
    }

    /// <summary>
    /// Demonstration only: a visitor who is not signed in is signed in as <see cref="StationOptions.DemoAccount"/>, except
    /// on the login page and the account endpoints (so a newcomer can sign out and in as QA).
    /// </summary>
    public static void UseDemoSignIn(this WebApplication app, StationOptions options)
    {
        if (options.DemoAccount == null)
        {
            return;
        }

        app.Use(async (http, next) =>
        {
            string path = http.Request.Path.Value ?? string.Empty;
            bool exempt = path.StartsWith(LoginPath, StringComparison.Ordinal) || path.StartsWith("/account/", StringComparison.Ordinal)
                || path.StartsWith("/_", StringComparison.Ordinal) || path.Contains('.', StringComparison.Ordinal);
            if (!exempt && http.User.Identity?.IsAuthenticated != true)
            {
                Account demo = http.RequestServices.GetRequiredService<AccountStore>().Find(options.DemoAccount);
                if (demo != null && !demo.Disabled)
                {
                    ClaimsPrincipal principal = PrincipalOf(demo);
                    await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
                    http.User = principal;
                }
            }

            await next();
        });
    }

    /// <summary>The claims of a signed-in account: id, printed name, role.</summary>
    public static ClaimsPrincipal PrincipalOf(Account account) =>
        new(new ClaimsIdentity(
            new[]
            {
                new Claim(ClaimTypes.NameIdentifier, account.Id),
                new Claim(ClaimTypes.Name, account.DisplayName),
                new Claim(ClaimTypes.Role, account.Role),
            },
            CookieAuthenticationDefaults.AuthenticationScheme));

    private static async Task<IResult> LoginAsync(HttpContext http, AccountStore accounts, ILoggerFactory logs, [FromForm] string account,
        [FromForm] string password, [FromForm] string returnUrl)
    {
        ILogger log = logs.CreateLogger("Bioreactor.Station.Accounts");
        Account found = string.IsNullOrEmpty(account) || string.IsNullOrEmpty(password) ? null : accounts.Verify(account, password);
        if (found == null)
        {
            // One message for an unknown account, a wrong password and a disabled account: nothing to probe.
            log.LogWarning("sign-in refused for account '{Account}' from {Address}", account, http.Connection.RemoteIpAddress);
            return Results.Redirect(LoginPath + "?failed=1");
        }

        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, PrincipalOf(found));
        log.LogInformation("{Account} signed in from {Address}", found.Id, http.Connection.RemoteIpAddress);
        return Results.LocalRedirect(!string.IsNullOrEmpty(returnUrl) && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//", StringComparison.Ordinal)
            ? returnUrl
            : "/");
    }
}
