package io.meshportal.telemetry.rollup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The rollup tables in SQLite (migrations V5, V6, V12, V14): minutes written in batches and folded into their hours
 * as they are written, hours recomputed from minutes once closed, old rows deleted in bounded batches, and range
 * queries that sum over factories first and then bucket. Every statement finds its rows through the primary key
 * (or an index), never by reading a whole rollup table: {@code RollupQueryPlanTest} asks SQLite for the
 * plan of each. Plain JDBC: these are bulk rows, not entities.
 */
public final class RollupStore {

    /** Columns shared by both tables, in the order of {@link MinuteRow}. */
    private static final String SUMS = "made, rejected, material_in, planned_s, run_s, ideal_s, total_count,"
            + " good_count, running_s, idle_s, down_s, maintenance_s, samples, failed_polls";

    /** On a second write of the same slot the sums add up (a minute recorded partly before a restart). */
    private static final String ADD_SUMS = java.util.Arrays.stream(SUMS.split(","))
            .map(String::trim)
            .map(c -> c + " = " + c + " + excluded." + c)
            .collect(java.util.stream.Collectors.joining(", "));

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public RollupStore(JdbcTemplate jdbc, TransactionTemplate tx) {
        this.jdbc = jdbc;
        this.tx = tx;
    }

    static final String INSERT_MINUTES = "insert into factory_minute (factory_id, minute, " + SUMS + ", rate_min,"
            + " rate_max) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (factory_id, minute)"
            + " do update set " + ADD_SUMS + ", rate_min = min(coalesce(rate_min, excluded.rate_min),"
            + " coalesce(excluded.rate_min, rate_min)), rate_max = max(coalesce(rate_max, excluded.rate_max),"
            + " coalesce(excluded.rate_max, rate_max))";
    static final String INSERT_FLEET_MINUTES =
            "insert into fleet_minute (minute, " + SUMS + ") values (?, ?, ?, ?, ?, ?,"
                    + " ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (minute) do update set " + ADD_SUMS;
    static final String INSERT_MINUTE_PRODUCTS =
            "insert into factory_minute_product (factory_id, minute, product, made,"
                    + " rejected) values (?, ?, ?, ?, ?) on conflict (factory_id, minute, product) do update set made = made +"
                    + " excluded.made, rejected = rejected + excluded.rejected";

    /**
     * The written minutes folded into their hours: sums added, the lowest and highest minute kept (an hour whose
     * extremes are unknown, null, stays unknown: SQLite's min() of a null is null). Products are not folded: nothing
     * reads an hour's products before it has closed, and folding them would write a second row per factory and
     * product every minute; {@link #rollUpHours} sums them once the hour is closed.
     */
    static final String FOLD_HOURS = "insert into factory_hour (factory_id, hour, " + SUMS + ", made_min, made_max)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (factory_id, hour) do update set "
            + ADD_SUMS + ", made_min = min(made_min, excluded.made_min), made_max = max(made_max, excluded.made_max)";

    static final String FOLD_FLEET_HOURS = "insert into fleet_hour (hour, " + SUMS + ", made_min, made_max) values (?,"
            + " ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (hour) do update set " + ADD_SUMS + ","
            + " made_min = min(made_min, excluded.made_min), made_max = max(made_max, excluded.made_max)";

    /**
     * The factories with minutes, found by skipping through the primary key (factory_id, minute) one factory at a
     * time: a few thousand index seeks instead of reading the table. Driving the roll-up from it reads each
     * factory's minutes of the hour as one contiguous range of the primary key; through the time index the same
     * rows cost a lookup each (about four times slower at 2,000 factories, bench/RESULTS.md).
     */
    private static final String FACTORIES_WITH_MINUTES = walk("factory_minute");

    static final String ROLL_UP_HOURS = "insert or replace into factory_hour (factory_id, hour, " + SUMS + ", made_min,"
            + " made_max) " + FACTORIES_WITH_MINUTES + "select m.factory_id, m.minute / 60, sum(m.made),"
            + " sum(m.rejected), sum(m.material_in), sum(m.planned_s), sum(m.run_s), sum(m.ideal_s),"
            + " sum(m.total_count), sum(m.good_count), sum(m.running_s), sum(m.idle_s), sum(m.down_s),"
            + " sum(m.maintenance_s), sum(m.samples), sum(m.failed_polls), min(m.made), max(m.made) from ids cross join"
            + " factory_minute m on m.factory_id = ids.id and m.minute >= ? and m.minute < ?"
            + " group by m.factory_id, m.minute / 60";
    static final String ROLL_UP_HOUR_PRODUCTS =
            "insert or replace into factory_hour_product (factory_id, hour, product,"
                    + " made, rejected) " + FACTORIES_WITH_MINUTES + "select m.factory_id, m.minute / 60, m.product,"
                    + " sum(m.made), sum(m.rejected) from ids cross join factory_minute_product m on m.factory_id = ids.id and"
                    + " m.minute >= ? and m.minute < ? group by m.factory_id, m.minute / 60, m.product";
    static final String ROLL_UP_FLEET_HOURS =
            "insert or replace into fleet_hour (hour, " + SUMS + ", made_min, made_max)"
                    + " select minute / 60, sum(made), sum(rejected), sum(material_in), sum(planned_s), sum(run_s), sum(ideal_s),"
                    + " sum(total_count), sum(good_count), sum(running_s), sum(idle_s), sum(down_s), sum(maintenance_s),"
                    + " sum(samples), sum(failed_polls), min(made), max(made) from fleet_minute where minute >= ? and minute < ?"
                    + " group by minute / 60";

    /**
     * Retention: each deletes at most ? rows older than ?. A factory's rows are found through the primary key,
     * factory after factory ({@link #walk}): the rows deleted together lie together, so a batch rewrites a few pages
     * per factory instead of one page for every few rows (through the time index, in time order, a batch of 5,000
     * touched a page of each of 2,000 factories: bench/RESULTS.md). The fleet's tables are keyed by time.
     */
    static final List<String> DELETE_MINUTES = List.of(
            walk("factory_minute") + "delete from factory_minute where (factory_id, minute) in (select m.factory_id,"
                    + " m.minute from ids cross join factory_minute m on m.factory_id = ids.id and m.minute < ? limit ?)",
            walk("factory_minute_product") + "delete from factory_minute_product where (factory_id, minute, product) in"
                    + " (select m.factory_id, m.minute, m.product from ids cross join factory_minute_product m on"
                    + " m.factory_id = ids.id and m.minute < ? limit ?)",
            walk("factory_version_minute") + "delete from factory_version_minute where (factory_id, minute, version)"
                    + " in (select m.factory_id, m.minute, m.version from ids cross join factory_version_minute m on"
                    + " m.factory_id = ids.id and m.minute < ? limit ?)",
            "delete from fleet_minute where minute in (select minute from fleet_minute where minute < ? limit ?)");

    static final String DELETE_ENDED_LIVES = "delete from factory_life where factory_id in (select factory_id from"
            + " factory_life where life = '" + RollupStore.ENDED + "' and since_minute < ? limit ?)";

    static final List<String> DELETE_HOURS = List.of(
            "delete from fleet_hour where hour in (select hour from fleet_hour where hour < ? limit ?)",
            walk("factory_hour") + "delete from factory_hour where (factory_id, hour) in (select m.factory_id, m.hour"
                    + " from ids cross join factory_hour m on m.factory_id = ids.id and m.hour < ? limit ?)",
            walk("factory_hour_product") + "delete from factory_hour_product where (factory_id, hour, product) in"
                    + " (select m.factory_id, m.hour, m.product from ids cross join factory_hour_product m on"
                    + " m.factory_id = ids.id and m.hour < ? limit ?)");

    /**
     * The factories of a table keyed by (factory_id, …), found by skipping through its key one factory at a time: a
     * seek each, however many rows a factory has.
     */
    private static String walk(String table) {
        return "with recursive ids(id) as (select min(factory_id) from " + table + " union all select (select"
                + " f.factory_id from " + table + " f where f.factory_id > ids.id order by f.factory_id limit 1) from"
                + " ids where ids.id is not null) ";
    }

    /**
     * Adds the rows to what is stored for their minutes (a minute recorded partly before a restart adds up), and
     * folds them into their hours in the same transaction: each minute's sums are added to its hour (exact: every
     * minute is added once, when it is written), and the hour keeps its lowest and highest minute. A minute written
     * in two parts (a restart within it, a late sample) leaves its first part as a lowest minute in the hour until
     * {@link #rollUpHours} recomputes the hour from its minutes once it is closed; the hour's products are summed
     * then too.
     */
    public void write(List<MinuteRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        tx.executeWithoutResult(s -> {
            jdbc.batchUpdate(INSERT_MINUTES, rows, 500, (ps, r) -> {
                ps.setString(1, r.factoryId());
                ps.setLong(2, r.slot());
                setSums(ps, 3, r);
                ps.setObject(17, r.rateMin());
                ps.setObject(18, r.rateMax());
            });
            List<Object[]> products = new ArrayList<>();
            for (MinuteRow r : rows) {
                for (Map.Entry<String, long[]> p : r.products().entrySet()) {
                    products.add(new Object[] {r.factoryId(), r.slot(), p.getKey(), p.getValue()[0], p.getValue()[1]});
                }
            }
            Map<String, Hour> hours = new LinkedHashMap<>();
            for (MinuteRow r : rows) {
                long hour = Math.floorDiv(r.slot(), 60);
                hours.computeIfAbsent(r.factoryId() + "|" + hour, k -> new Hour(r.factoryId(), hour))
                        .add(r);
            }
            addToFleet(rows);
            jdbc.batchUpdate(INSERT_MINUTE_PRODUCTS, products);
            jdbc.batchUpdate(FOLD_HOURS, List.copyOf(hours.values()), 500, (ps, h) -> {
                ps.setString(1, h.factoryId);
                ps.setLong(2, h.hour);
                h.set(ps, 3);
            });
        });
    }

    /**
     * Adds the rows to the fleet's own sums only (one row per minute, whatever the fleet's size): what a factory made
     * in a life that ended before its minutes were written still counts for the fleet, not for the id's new life.
     */
    public void writeFleetOnly(List<MinuteRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        tx.executeWithoutResult(s -> addToFleet(rows));
    }

    /** The fleet's sums per minute, added up from the batch, and folded into the fleet's hours. */
    private void addToFleet(List<MinuteRow> rows) {
        TreeMap<Long, double[]> fleet = new TreeMap<>();
        for (MinuteRow r : rows) {
            add(fleet.computeIfAbsent(r.slot(), k -> new double[14]), r);
        }
        List<Object[]> fleetRows = new ArrayList<>();
        Map<Long, Hour> fleetHours = new TreeMap<>();
        fleet.forEach((minute, f) -> {
            Object[] args = new Object[15];
            args[0] = minute;
            for (int i = 0; i < 14; i++) {
                args[i + 1] = f[i];
            }
            fleetRows.add(args);
            fleetHours
                    .computeIfAbsent(Math.floorDiv(minute, 60), h -> new Hour(null, h))
                    .add(f);
        });
        jdbc.batchUpdate(INSERT_FLEET_MINUTES, fleetRows);
        jdbc.batchUpdate(FOLD_FLEET_HOURS, List.copyOf(fleetHours.values()), 500, (ps, h) -> {
            ps.setLong(1, h.hour);
            h.set(ps, 2);
        });
    }

    private static void setSums(java.sql.PreparedStatement ps, int at, MinuteRow r) throws java.sql.SQLException {
        ps.setLong(at, r.made());
        ps.setLong(at + 1, r.rejected());
        ps.setDouble(at + 2, r.materialIn());
        ps.setDouble(at + 3, r.plannedSeconds());
        ps.setDouble(at + 4, r.runSeconds());
        ps.setDouble(at + 5, r.idealSeconds());
        ps.setLong(at + 6, r.totalCount());
        ps.setLong(at + 7, r.goodCount());
        ps.setDouble(at + 8, r.runningSeconds());
        ps.setDouble(at + 9, r.idleSeconds());
        ps.setDouble(at + 10, r.downSeconds());
        ps.setDouble(at + 11, r.maintenanceSeconds());
        ps.setInt(at + 12, r.samples());
        ps.setInt(at + 13, r.failedPolls());
    }

    /** Adds a row's sums to f (in the order of {@link #SUMS}). */
    private static void add(double[] f, MinuteRow r) {
        f[0] += r.made();
        f[1] += r.rejected();
        f[2] += r.materialIn();
        f[3] += r.plannedSeconds();
        f[4] += r.runSeconds();
        f[5] += r.idealSeconds();
        f[6] += r.totalCount();
        f[7] += r.goodCount();
        f[8] += r.runningSeconds();
        f[9] += r.idleSeconds();
        f[10] += r.downSeconds();
        f[11] += r.maintenanceSeconds();
        f[12] += r.samples();
        f[13] += r.failedPolls();
    }

    /** One hour's share of a batch: its minutes' sums and their lowest and highest made. */
    private static final class Hour {
        final String factoryId;
        final long hour;
        final double[] sums = new double[14];
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;

        Hour(String factoryId, long hour) {
            this.factoryId = factoryId;
            this.hour = hour;
        }

        void add(MinuteRow r) {
            RollupStore.add(sums, r);
            min = Math.min(min, r.made());
            max = Math.max(max, r.made());
        }

        void add(double[] minute) {
            for (int i = 0; i < sums.length; i++) {
                sums[i] += minute[i];
            }
            min = Math.min(min, Math.round(minute[0]));
            max = Math.max(max, Math.round(minute[0]));
        }

        void set(java.sql.PreparedStatement ps, int at) throws java.sql.SQLException {
            for (int i = 0; i < sums.length; i++) {
                boolean count = i == 0 || i == 1 || i == 6 || i == 7 || i == 12 || i == 13;
                if (count) {
                    ps.setLong(at + i, Math.round(sums[i]));
                } else {
                    ps.setDouble(at + i, sums[i]);
                }
            }
            ps.setLong(at + 14, min);
            ps.setLong(at + 15, max);
        }
    }

    /**
     * Recomputes the hours [fromHour, toHour) from their minutes, extremes included: idempotent, exact. The minutes
     * written are already folded into their hours ({@link #write}); this makes an hour exact once it is closed (a
     * minute written in two parts) and was the only roll-up before. Only for hours whose minutes are all still kept:
     * an hour recomputed from a remnant would shrink.
     */
    public void rollUpHours(long fromHour, long toHour) {
        tx.executeWithoutResult(s -> {
            jdbc.update(ROLL_UP_HOURS, fromHour * 60, toHour * 60);
            jdbc.update(ROLL_UP_HOUR_PRODUCTS, fromHour * 60, toHour * 60);
            jdbc.update(ROLL_UP_FLEET_HOURS, fromHour * 60, toHour * 60);
        });
    }

    /**
     * Deletes rows older than the cut-offs, at most {@code batch} rows per statement and transaction, so writers
     * never wait long. Returns the rows deleted.
     */
    public long deleteBefore(long minute, long hour, int batch) {
        long deleted = 0;
        for (String sql : DELETE_MINUTES) {
            deleted += inBatches(sql, minute, batch);
        }
        for (String sql : DELETE_HOURS) {
            deleted += inBatches(sql, hour, batch);
        }
        // a deleted factory's mark outlives every row it could have left (hours are kept longest)
        deleted += inBatches(DELETE_ENDED_LIVES, hour * 60, batch);
        return deleted;
    }

    private long inBatches(String sql, long before, int batch) {
        long total = 0;
        while (true) {
            Integer n = tx.execute(s -> jdbc.update(sql, before, batch));
            total += n == null ? 0 : n;
            if (n == null || n < batch) {
                return total;
            }
        }
    }

    /**
     * One slot (minute or hour) summed over the factories asked for.
     *
     * @param madeMin the slot's lowest minute (units made in one minute): a minute slot's own {@code made}; an hour's
     *                lowest minute summed over the rows — exact for one row (a factory's hour, the fleet's), for
     *                several factories the sum of each one's lowest minute, a lower bound of the lowest minute of
     *                their sum; null when an hour was recorded without it (before migration V14, minutes gone)
     * @param madeMax likewise the highest minute (for several factories an upper bound)
     * @param rows    how many rows were summed: factories (1 for the fleet's own sums)
     */
    public record Slot(
            long slot,
            long made,
            long rejected,
            double materialIn,
            double plannedSeconds,
            double runSeconds,
            double idealSeconds,
            long totalCount,
            long goodCount,
            double runningSeconds,
            double idleSeconds,
            double downSeconds,
            double maintenanceSeconds,
            long samples,
            long failedPolls,
            Long madeMin,
            Long madeMax,
            int rows) {

        /** Whether {@link #madeMin} and {@link #madeMax} are the slot's own lowest and highest minute. */
        public boolean exactExtremes() {
            return rows == 1 && madeMin != null;
        }
    }

    /**
     * The range read of {@link #slots}: the fleet's own sums (ids null) or the factories' rows summed per slot; a
     * time range of the primary key (fleet) or one per factory (factory_id, slot).
     */
    static String slotsSql(boolean hours, int ids, boolean chart) {
        String slot = hours ? "hour" : "minute";
        String table = ids < 0 ? "fleet_" + slot : "factory_" + slot;
        // an hour's extremes summed only when every row has them (SQLite's sum skips nulls)
        String extremes = hours
                ? "case when count(made_min) = count(*) then sum(made_min) end, case when count(made_max) = count(*)"
                        + " then sum(made_max) end"
                : "sum(made), sum(made)";
        String where = slot + " >= ? and " + slot + " < ?";
        if (ids >= 0) {
            where += " and factory_id in (" + String.join(",", Collections.nCopies(ids, "?")) + ")";
        }
        // a chart sums only what it draws: SQLite groups by sorting every row with the values it sums, so each
        // column left out makes a long filtered chart cheaper (half the time at 500 factories, bench/RESULTS.md)
        String sums = chart
                ? "sum(made), 0, sum(material_in), sum(planned_s), sum(run_s), sum(ideal_s), sum(total_count),"
                        + " sum(good_count), 0, 0, 0, 0, 0, 0"
                : "sum(made), sum(rejected), sum(material_in), sum(planned_s), sum(run_s), sum(ideal_s),"
                        + " sum(total_count), sum(good_count), sum(running_s), sum(idle_s), sum(down_s),"
                        + " sum(maintenance_s), sum(samples), sum(failed_polls)";
        return "select " + slot + ", " + sums + ", " + extremes + ", count(*) from " + table + " where " + where
                + " group by " + slot + " order by " + slot;
    }

    /**
     * Every slot in [from, to) summed over the factories (null: all), oldest first, handed one at a time so a
     * long range is never held in memory.
     *
     * @param hours true: the hour table (slots are epoch hours), false: minutes
     */
    public void slots(boolean hours, Collection<String> factoryIds, long from, long to, Consumer<Slot> each) {
        slots(hours, factoryIds, from, to, false, each);
    }

    /**
     * As {@link #slots}, with only what a chart draws: made, material in, OEE's times and counts, the extremes and
     * the rows summed; rejected, seconds per state, samples and failed polls are 0.
     */
    public void chartSlots(boolean hours, Collection<String> factoryIds, long from, long to, Consumer<Slot> each) {
        slots(hours, factoryIds, from, to, true, each);
    }

    private void slots(
            boolean hours, Collection<String> factoryIds, long from, long to, boolean chart, Consumer<Slot> each) {
        if (factoryIds != null && factoryIds.isEmpty()) {
            return;
        }
        List<Object> args = new ArrayList<>(List.of(from, to));
        if (factoryIds != null) {
            args.addAll(factoryIds);
        }
        jdbc.query(
                slotsSql(hours, factoryIds == null ? -1 : factoryIds.size(), chart),
                rs -> {
                    long min = rs.getLong(16);
                    Long madeMin = rs.wasNull() ? null : min;
                    long max = rs.getLong(17);
                    Long madeMax = rs.wasNull() ? null : max;
                    each.accept(new Slot(
                            rs.getLong(1),
                            rs.getLong(2),
                            rs.getLong(3),
                            rs.getDouble(4),
                            rs.getDouble(5),
                            rs.getDouble(6),
                            rs.getDouble(7),
                            rs.getLong(8),
                            rs.getLong(9),
                            rs.getDouble(10),
                            rs.getDouble(11),
                            rs.getDouble(12),
                            rs.getDouble(13),
                            rs.getLong(14),
                            rs.getLong(15),
                            madeMin,
                            madeMax,
                            rs.getInt(18)));
                },
                args.toArray());
    }

    /**
     * Sums over a run of slots, as doubles: a slot a range covers only in part counts with its share (see
     * {@link #sums}). In the order of {@link MinuteRow}'s sums.
     */
    public record Sums(
            double made,
            double rejected,
            double materialIn,
            double plannedSeconds,
            double runSeconds,
            double idealSeconds,
            double totalCount,
            double goodCount,
            double runningSeconds,
            double idleSeconds,
            double downSeconds,
            double maintenanceSeconds,
            double samples,
            double failedPolls) {

        public static final Sums ZERO = new Sums(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        public Sums plus(Sums o) {
            return of(values(), o.values(), 1);
        }

        public Sums minus(Sums o) {
            return of(values(), o.values(), -1);
        }

        private double[] values() {
            return new double[] {
                made,
                rejected,
                materialIn,
                plannedSeconds,
                runSeconds,
                idealSeconds,
                totalCount,
                goodCount,
                runningSeconds,
                idleSeconds,
                downSeconds,
                maintenanceSeconds,
                samples,
                failedPolls
            };
        }

        private static Sums of(double[] a, double[] b, int sign) {
            double[] v = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                v[i] = a[i] + sign * b[i];
            }
            return of(v);
        }

        private static Sums of(double[] v) {
            return new Sums(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13]);
        }
    }

    /**
     * The sums of the slots [from, to), of each factory on its own ({@code perFactory}) or of them all together
     * (null ids and not per factory: the fleet's own sums). The first and the last slot count with the weights given
     * (the share of them a range covers; 1 for whole slots), so a range that cuts an hour counts that hour's part.
     * A factory without rows in the range is not handed out.
     *
     * @param each factory id (null for the sum of them all) and its sums
     */
    public void sums(
            boolean hours,
            Collection<String> factoryIds,
            boolean perFactory,
            long from,
            long to,
            double firstWeight,
            double lastWeight,
            java.util.function.BiConsumer<String, Sums> each) {
        if (from >= to || (factoryIds != null && factoryIds.isEmpty())) {
            return;
        }
        String slot = hours ? "hour" : "minute";
        String table = factoryIds == null && !perFactory ? "fleet_" + slot : "factory_" + slot;
        String weight = "(case when " + slot + " = ? then ? when " + slot + " = ? then ? else 1.0 end)";
        StringBuilder sql = new StringBuilder("select ").append(perFactory ? "factory_id" : "null");
        for (String column : SUMS.split(",")) {
            sql.append(", sum(")
                    .append(column.trim())
                    .append(" * ")
                    .append(weight)
                    .append(')');
        }
        List<Object> args = new ArrayList<>();
        for (int i = 0; i < 14; i++) {
            args.addAll(List.of(from, firstWeight, to - 1, lastWeight));
        }
        sql.append(" from ")
                .append(table)
                .append(" where ")
                .append(slot)
                .append(" >= ? and ")
                .append(slot)
                .append(" < ?");
        args.add(from);
        args.add(to);
        if (factoryIds != null) {
            sql.append(" and factory_id in (")
                    .append(String.join(",", java.util.Collections.nCopies(factoryIds.size(), "?")))
                    .append(')');
            args.addAll(factoryIds);
        }
        if (perFactory) {
            sql.append(" group by factory_id");
        }
        jdbc.query(
                sql.toString(),
                rs -> {
                    if (!perFactory && rs.getObject(2) == null) {
                        return; // no rows: sum() of nothing
                    }
                    double[] v = new double[14];
                    for (int i = 0; i < 14; i++) {
                        v[i] = rs.getDouble(i + 2);
                    }
                    each.accept(perFactory ? rs.getString(1) : null, Sums.of(v));
                },
                args.toArray());
    }

    /** Writes each version's own minutes (added up when a minute is written twice). */
    public void writeVersions(List<VersionMinuteRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        tx.executeWithoutResult(s -> jdbc.batchUpdate(
                "insert into factory_version_minute (factory_id, version, minute, made, rejected, material_in,"
                        + " planned_s, run_s, ideal_s, total_count, good_count, samples, share)"
                        + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (factory_id, minute, version)"
                        + " do update set made = made + excluded.made, rejected = rejected + excluded.rejected,"
                        + " material_in = material_in + excluded.material_in, planned_s = planned_s +"
                        + " excluded.planned_s, run_s = run_s + excluded.run_s, ideal_s = ideal_s + excluded.ideal_s,"
                        + " total_count = total_count + excluded.total_count, good_count = good_count +"
                        + " excluded.good_count, share = (share * samples + excluded.share * excluded.samples)"
                        + " / max(1, samples + excluded.samples), samples = samples + excluded.samples",
                rows,
                500,
                (ps, r) -> {
                    ps.setString(1, r.factoryId());
                    ps.setString(2, r.version());
                    ps.setLong(3, r.minute());
                    ps.setLong(4, r.made());
                    ps.setLong(5, r.rejected());
                    ps.setDouble(6, r.materialIn());
                    ps.setDouble(7, r.plannedSeconds());
                    ps.setDouble(8, r.runSeconds());
                    ps.setDouble(9, r.idealSeconds());
                    ps.setLong(10, r.totalCount());
                    ps.setLong(11, r.goodCount());
                    ps.setInt(12, r.samples());
                    ps.setDouble(13, r.share());
                }));
    }

    /** One factory's version minutes in [from, to), oldest first. */
    public List<VersionMinuteRow> versionMinutes(String factoryId, long from, long to) {
        return jdbc.query(
                "select factory_id, version, minute, made, rejected, material_in, planned_s, run_s, ideal_s,"
                        + " total_count, good_count, samples, share from factory_version_minute where factory_id = ?"
                        + " and minute >= ? and minute < ? order by minute, version",
                (rs, i) -> new VersionMinuteRow(
                        rs.getString(1),
                        rs.getString(2),
                        rs.getLong(3),
                        rs.getLong(4),
                        rs.getLong(5),
                        rs.getDouble(6),
                        rs.getDouble(7),
                        rs.getDouble(8),
                        rs.getDouble(9),
                        rs.getLong(10),
                        rs.getLong(11),
                        rs.getInt(12),
                        rs.getDouble(13)),
                factoryId,
                from,
                to);
    }

    /**
     * What one factory's stored minutes hold for its current day and shift, up to (not including) {@code before}.
     *
     * @param products product → {made, rejected} in [dayStart, before)
     */
    public record DaySums(
            Map<String, long[]> products,
            double materialIn,
            double plannedSeconds,
            double runSeconds,
            double idealSeconds,
            long totalCount,
            long goodCount) {}

    public DaySums daySums(String factoryId, long dayStart, long shiftStart, long before) {
        Map<String, long[]> products = new java.util.LinkedHashMap<>();
        jdbc.query(
                "select product, sum(made), sum(rejected) from factory_minute_product where factory_id = ? and"
                        + " minute >= ? and minute < ? group by product",
                rs -> {
                    products.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3)});
                },
                factoryId,
                dayStart,
                before);
        double[] material = {0};
        jdbc.query(
                "select coalesce(sum(material_in), 0) from factory_minute where factory_id = ? and minute >= ?"
                        + " and minute < ?",
                rs -> {
                    material[0] = rs.getDouble(1);
                },
                factoryId,
                dayStart,
                before);
        double[] oee = new double[5];
        jdbc.query(
                "select coalesce(sum(planned_s), 0), coalesce(sum(run_s), 0), coalesce(sum(ideal_s), 0),"
                        + " coalesce(sum(total_count), 0), coalesce(sum(good_count), 0) from factory_minute"
                        + " where factory_id = ? and minute >= ? and minute < ?",
                rs -> {
                    for (int i = 0; i < 5; i++) {
                        oee[i] = rs.getDouble(i + 1);
                    }
                },
                factoryId,
                shiftStart,
                before);
        return new DaySums(products, material[0], oee[0], oee[1], oee[2], (long) oee[3], (long) oee[4]);
    }

    /** What {@link #endLife} leaves for a deleted factory's id: no life of it runs. */
    public static final String ENDED = "ended";

    /**
     * The lifetime the stored history of a factory id belongs to; {@link #ENDED} when its factory was deleted; null
     * when none is recorded (history from before lives were recorded belongs to the factory running now).
     */
    public String life(String factoryId) {
        List<String> lives =
                jdbc.queryForList("select life from factory_life where factory_id = ?", String.class, factoryId);
        return lives.isEmpty() ? null : lives.getFirst();
    }

    /**
     * Records that the id's history belongs to {@code life} from now on; when it belonged to another life (or its
     * factory was deleted), that history is removed first (a factory created again under an old id starts empty).
     * Returns true when an old life's history was removed.
     */
    public boolean beginLife(String factoryId, String life, long sinceMinute) {
        return !beginLives(Map.of(factoryId, life), sinceMinute).isEmpty();
    }

    /**
     * {@link #beginLife} for many factories in one transaction (one read of the lives, writes only for those that
     * changed). Returns the ids whose old history was removed.
     */
    public java.util.Set<String> beginLives(Map<String, String> lives, long sinceMinute) {
        if (lives.isEmpty()) {
            return java.util.Set.of();
        }
        java.util.Set<String> removed = new java.util.TreeSet<>();
        tx.executeWithoutResult(s -> {
            Map<String, String> stored = new java.util.HashMap<>();
            jdbc.query("select factory_id, life from factory_life", rs -> {
                stored.put(rs.getString(1), rs.getString(2));
            });
            List<Object[]> begun = new ArrayList<>();
            lives.forEach((factoryId, life) -> {
                String before = stored.get(factoryId);
                if (life.equals(before)) {
                    return;
                }
                if (before != null) {
                    removeHistory(factoryId);
                    removed.add(factoryId);
                }
                begun.add(new Object[] {factoryId, life, sinceMinute});
            });
            jdbc.batchUpdate(
                    "insert into factory_life (factory_id, life, since_minute) values (?, ?, ?) on conflict"
                            + " (factory_id) do update set life = excluded.life, since_minute = excluded.since_minute",
                    begun);
        });
        return removed;
    }

    /**
     * The lives begun (an ended life's history removed first), an ended life's unwritten minutes added to the fleet's
     * sums only, and the minutes written: in one transaction, all or nothing, so a batch retried after a failure is
     * never counted twice.
     */
    public java.util.Set<String> write(
            Map<String, String> lives, long sinceMinute, List<MinuteRow> fleetOnly, List<MinuteRow> rows) {
        java.util.Set<String> removed = new java.util.TreeSet<>();
        tx.executeWithoutResult(s -> {
            removed.addAll(beginLives(lives, sinceMinute));
            writeFleetOnly(fleetOnly);
            write(rows);
        });
        return removed;
    }

    /**
     * Removes a deleted factory's history and marks its id's life {@link #ENDED} (the fleet's own sums keep what it
     * made while it ran). A minute of it written after this (a poll already under way) belongs to no life: the next
     * life of the id removes it when it begins.
     */
    public void endLife(String factoryId, long minute) {
        tx.executeWithoutResult(s -> {
            removeHistory(factoryId);
            jdbc.update(
                    "insert into factory_life (factory_id, life, since_minute) values (?, ?, ?) on conflict"
                            + " (factory_id) do update set life = excluded.life, since_minute = excluded.since_minute",
                    factoryId,
                    ENDED,
                    minute);
        });
    }

    private void removeHistory(String factoryId) {
        for (String table : List.of(
                "factory_minute",
                "factory_minute_product",
                "factory_hour",
                "factory_hour_product",
                "factory_version_minute")) {
            jdbc.update("delete from " + table + " where factory_id = ?", factoryId);
        }
    }

    /** One product's units in one slot, summed over the factories asked for. */
    public record ProductSlot(long slot, String product, long made, long rejected) {}

    /**
     * Every (slot, product) in [from, to) summed over the factories, oldest first, streamed one at a time.
     *
     * @param hours true: the hour table, false: minutes
     */
    public void productSlots(
            boolean hours, Collection<String> factoryIds, long from, long to, Consumer<ProductSlot> each) {
        if (factoryIds.isEmpty()) {
            return;
        }
        String slot = hours ? "hour" : "minute";
        List<Object> args = new ArrayList<>(factoryIds);
        args.add(from);
        args.add(to);
        jdbc.query(
                "select " + slot + ", product, sum(made), sum(rejected) from factory_" + slot + "_product"
                        + " where factory_id in ("
                        + String.join(",", java.util.Collections.nCopies(factoryIds.size(), "?"))
                        + ") and " + slot + " >= ? and " + slot + " < ? group by " + slot + ", product order by "
                        + slot + ", product",
                rs -> {
                    each.accept(new ProductSlot(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4)));
                },
                args.toArray());
    }

    /** Rows in the minute table (benchmarks, retention tests). */
    public long minuteRows() {
        Long n = jdbc.queryForObject("select count(*) from factory_minute", Long.class);
        return n == null ? 0 : n;
    }
}
