namespace Bioreactor.Station.Fleet;

/// <summary>The device's alarm priorities (AlarmCatalog: low, medium, high, critical) ranked for sorting and colour.</summary>
public static class AlarmPriorities
{
    /// <summary>0 for none or an unknown word, 1 low … 4 critical.</summary>
    public static int Rank(string priority) => priority switch
    {
        "critical" => 4,
        "high" => 3,
        "medium" => 2,
        "low" => 1,
        _ => 0,
    };
}
