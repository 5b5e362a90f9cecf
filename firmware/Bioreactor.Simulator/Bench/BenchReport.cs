using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;

namespace Bioreactor.Simulator.Bench;

/// <summary>
/// The bench's figures as a JSON document, and what the summary (<see cref="BenchSummary"/>) and the HTML report
/// (<see cref="BenchHtmlReport"/>) share: the groups in report order, whether a target is met, a group's description.
/// </summary>
public static class BenchReport
{
    /// <summary>The scenarios, grouped in report order.</summary>
    public static List<(string Group, List<ScenarioResult> Results)> Grouped(IReadOnlyList<ScenarioResult> results)
    {
        var groups = new List<(string, List<ScenarioResult>)>();
        foreach (string group in Scenarios.Groups)
        {
            var members = new List<ScenarioResult>();
            foreach (ScenarioResult r in results)
            {
                if (r.Definition.Group == group)
                {
                    members.Add(r);
                }
            }

            if (members.Count > 0)
            {
                groups.Add((group, members));
            }
        }

        return groups;
    }

    /// <summary>Whether this controller's figure meets its target: null when the figure has no target.</summary>
    public static bool? Pass(ScenarioResult result, int figure)
    {
        FigureSpec spec = result.Definition.Figures[figure];
        if (spec.Target.Kind == TargetKind.None)
        {
            return null;
        }

        FigureValue[] values = result.Values[(int)BenchController.ThisController];
        return values != null && spec.Target.IsMet(values[figure].Value);
    }

    /// <summary>The JSON document: seed, plant, controllers, and per scenario its figures, targets, values and pass.</summary>
    public static string Json(IReadOnlyList<ScenarioResult> results, int seed, string plant, IReadOnlyDictionary<string, string> notes)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteNumber("seed", seed);
            w.WriteString("plant", plant);
            w.WriteStartObject("controllers");
            foreach (BenchController c in BenchRunner.Controllers)
            {
                w.WriteString(BenchRunner.Key(c), BenchRunner.Name(c));
            }

            w.WriteEndObject();
            w.WriteStartObject("notes");
            foreach (var pair in notes)
            {
                w.WriteString(pair.Key, pair.Value);
            }

            w.WriteEndObject();
            int met = 0;
            int missed = 0;
            w.WriteStartArray("scenarios");
            foreach (ScenarioResult r in results)
            {
                w.WriteStartObject();
                w.WriteString("scenario", r.Definition.Key);
                w.WriteString("group", r.Definition.Group);
                w.WriteString("case", r.Definition.Case);
                w.WriteString("description", r.Definition.Description.Length > 0 ? r.Definition.Description : Caption(r.Definition.Group));
                w.WriteStartObject("wallSeconds");
                foreach (BenchController c in BenchRunner.Controllers)
                {
                    w.WriteNumber(BenchRunner.Key(c), System.Math.Round(r.WallSeconds[(int)c], 3));
                }

                w.WriteEndObject();
                w.WriteStartArray("figures");
                for (int i = 0; i < r.Definition.Figures.Length; i++)
                {
                    FigureSpec spec = r.Definition.Figures[i];
                    w.WriteStartObject();
                    w.WriteString("figure", spec.Name);
                    w.WriteString("unit", spec.Unit);
                    if (spec.Target.Kind == TargetKind.None)
                    {
                        w.WriteNull("target");
                    }
                    else
                    {
                        w.WriteStartObject("target");
                        w.WriteString("kind", spec.Target.Kind switch
                        {
                            TargetKind.AtMost => "atMost",
                            TargetKind.AtLeast => "atLeast",
                            _ => "within",
                        });
                        w.WriteNumber("limit", spec.Target.Limit);
                        if (spec.Target.Kind == TargetKind.Within)
                        {
                            w.WriteNumber("tolerance", spec.Target.Tolerance);
                        }

                        w.WriteString("text", spec.Target.Text);
                        w.WriteEndObject();
                    }

                    w.WriteStartObject("values");
                    foreach (BenchController c in BenchRunner.Controllers)
                    {
                        FigureValue[] values = r.Values[(int)c];
                        if (values == null || !values[i].HasValue)
                        {
                            w.WriteNull(BenchRunner.Key(c));
                        }
                        else
                        {
                            w.WriteNumber(BenchRunner.Key(c), values[i].Value);
                        }
                    }

                    w.WriteEndObject();
                    w.WriteStartObject("display");
                    foreach (BenchController c in BenchRunner.Controllers)
                    {
                        FigureValue[] values = r.Values[(int)c];
                        w.WriteString(BenchRunner.Key(c), values == null ? "—" : values[i].Format(spec.Digits));
                    }

                    w.WriteEndObject();
                    bool? pass = Pass(r, i);
                    if (pass == null)
                    {
                        w.WriteNull("pass");
                    }
                    else
                    {
                        w.WriteBoolean("pass", pass.Value);
                        if (pass.Value)
                        {
                            met++;
                        }
                        else
                        {
                            missed++;
                        }
                    }

                    if (pass == false && spec.MissReason != null)
                    {
                        w.WriteString("missReason", spec.MissReason);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartObject("summary");
            w.WriteNumber("met", met);
            w.WriteNumber("missed", missed);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The description shared by a group's scenarios (those of a group of several have none of their own); "" for none.</summary>
    public static string Caption(string group) => group switch
    {
        "faults" => "each fault injected at steady state (1 h pre-run, rocking 10 rpm / 6°), lasting to the end, watched 20 min (power cut: 10 min, then 1 h); "
            + "times from the injection until the safe state holds for good (at least the last 5 min of the run) and until the expected alarm is raised; the baselines raise no alarms",
        "stuck-probe" => "a probe frozen at a plausible value (status Ok, fresh timestamps) at steady state (1 h pre-run, rocking 10 rpm / 6°), lasting to the end, watched 20 min; "
            + "three conditions: steady; the room 1 K warmer from the freeze on; the door opened at the freeze for 30 s. Times from the freeze: the probe-fault alarm (detected), the loop's safe state for good, "
            + "and the first time the TRUE value (the plant's, not the frozen reading) departs by more than ±0.2 °C / ±0.2 % CO2 from the true value of a healthy twin "
            + "(the same scenario, plant, seed, room step and door opening, the probe not frozen, run in step) at the same time: the fault's own effect on the culture; "
            + "the plate probe is judged on the true plate (the quantity it measures and the first its blind loop moves), the true liquid beside it. "
            + "Target: the lead of the detection over that departure is not negative (when the two never part within the run, the lead is counted to the run's end: "
            + "the order of the two is settled once the probe is detected). For information, the first time the true value leaves ±0.2 of its value at the freeze: "
            + "the room and the door move it too (the open door flushes the CO2 out of that band within a second, before any probe could show it), hence the twin. "
            + "The baselines do not detect anything; their departure times show what an undetected freeze does",
        "false-detection" => "no fault: the default schedule (static, 10 rpm / 6°, 15 rpm / 6°) for 14 days at 37 °C / 5 %, room drifting ±2 °C plus its random walk, on the default rig and on each plant of the robustness scenario "
            + "(re-tuned by the core's autotune as there); every frozen verdict of the safety layer on the liquid, plate and CO2 probes and every probe-fault alarm is a false detection; this controller only",
        "robustness" => "the steady-state scenario (±2 °C room drift, noise, rocking; 2 h pre-run) on plants with one parameter group varied ±30 %: "
            + "heater power; thermal mass = plate heat capacity and liquid density (the liquid's specific heat may not exceed 5000 J/(kg·K)); "
            + "heat loss = plate- and liquid-to-room conductances; sensor lag = all four sensors' time constants; "
            + "this controller re-tuned first by the core's cascade autotune on that plant (its own run, static, as at the start of a batch); the textbook PID by its relay test; the thermostat has nothing to tune",
        _ => "",
    };
}
