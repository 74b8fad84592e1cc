package io.meshportal.telemetry.rollup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The rollup tables in SQLite (migration V5): minutes written in batches, hours recomputed from minutes, old rows
 * deleted in bounded batches, and range queries that sum over factories first and then bucket. Plain JDBC: these
 * are bulk rows, not entities.
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

    /** Adds the rows to what is stored for their minutes (a minute recorded partly before a restart adds up). */
    public void write(List<MinuteRow> rows) {
        if (rows.isEmpty()) {
            return;
        }
        tx.executeWithoutResult(s -> {
            jdbc.batchUpdate(
                    "insert into factory_minute (factory_id, minute, " + SUMS + ", rate_min, rate_max)"
                            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                            + " on conflict (factory_id, minute) do update set " + ADD_SUMS + ","
                            + " rate_min = min(coalesce(rate_min, excluded.rate_min), coalesce(excluded.rate_min,"
                            + " rate_min)), rate_max = max(coalesce(rate_max, excluded.rate_max),"
                            + " coalesce(excluded.rate_max, rate_max))",
                    rows,
                    500,
                    (ps, r) -> {
                        ps.setString(1, r.factoryId());
                        ps.setLong(2, r.slot());
                        ps.setLong(3, r.made());
                        ps.setLong(4, r.rejected());
                        ps.setDouble(5, r.materialIn());
                        ps.setDouble(6, r.plannedSeconds());
                        ps.setDouble(7, r.runSeconds());
                        ps.setDouble(8, r.idealSeconds());
                        ps.setLong(9, r.totalCount());
                        ps.setLong(10, r.goodCount());
                        ps.setDouble(11, r.runningSeconds());
                        ps.setDouble(12, r.idleSeconds());
                        ps.setDouble(13, r.downSeconds());
                        ps.setDouble(14, r.maintenanceSeconds());
                        ps.setInt(15, r.samples());
                        ps.setInt(16, r.failedPolls());
                        ps.setObject(17, r.rateMin());
                        ps.setObject(18, r.rateMax());
                    });
            List<Object[]> products = new ArrayList<>();
            for (MinuteRow r : rows) {
                for (Map.Entry<String, long[]> p : r.products().entrySet()) {
                    products.add(new Object[] {r.factoryId(), r.slot(), p.getKey(), p.getValue()[0], p.getValue()[1]});
                }
            }
            addToFleet(rows);
            jdbc.batchUpdate(
                    "insert into factory_minute_product (factory_id, minute, product, made, rejected)"
                            + " values (?, ?, ?, ?, ?) on conflict (factory_id, minute, product) do update set"
                            + " made = made + excluded.made, rejected = rejected + excluded.rejected",
                    products);
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

    private void addToFleet(List<MinuteRow> rows) {
        // the fleet's sums per minute, added up from the batch
        java.util.TreeMap<Long, double[]> fleet = new java.util.TreeMap<>();
        for (MinuteRow r : rows) {
            double[] f = fleet.computeIfAbsent(r.slot(), k -> new double[14]);
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
        List<Object[]> fleetRows = new ArrayList<>();
        fleet.forEach((minute, f) -> {
            Object[] args = new Object[15];
            args[0] = minute;
            for (int i = 0; i < 14; i++) {
                args[i + 1] = f[i];
            }
            fleetRows.add(args);
        });
        jdbc.batchUpdate(
                "insert into fleet_minute (minute, " + SUMS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                        + " ?) on conflict (minute) do update set " + ADD_SUMS,
                fleetRows);
    }

    /** Recomputes the hours [fromHour, toHour) from their minutes: idempotent, so a partial hour just grows. */
    public void rollUpHours(long fromHour, long toHour) {
        tx.executeWithoutResult(s -> {
            jdbc.update(
                    "insert or replace into factory_hour (factory_id, hour, " + SUMS + ", made_min, made_max)"
                            + " select factory_id, minute / 60, sum(made), sum(rejected), sum(material_in),"
                            + " sum(planned_s), sum(run_s), sum(ideal_s), sum(total_count), sum(good_count),"
                            + " sum(running_s), sum(idle_s), sum(down_s), sum(maintenance_s), sum(samples),"
                            + " sum(failed_polls), min(made), max(made) from factory_minute"
                            + " where minute >= ? and minute < ? group by factory_id, minute / 60",
                    fromHour * 60,
                    toHour * 60);
            jdbc.update(
                    "insert or replace into factory_hour_product (factory_id, hour, product, made, rejected)"
                            + " select factory_id, minute / 60, product, sum(made), sum(rejected)"
                            + " from factory_minute_product where minute >= ? and minute < ?"
                            + " group by factory_id, minute / 60, product",
                    fromHour * 60,
                    toHour * 60);
            jdbc.update(
                    "insert or replace into fleet_hour (hour, " + SUMS + ") select minute / 60, sum(made),"
                            + " sum(rejected), sum(material_in), sum(planned_s), sum(run_s), sum(ideal_s),"
                            + " sum(total_count), sum(good_count), sum(running_s), sum(idle_s), sum(down_s),"
                            + " sum(maintenance_s), sum(samples), sum(failed_polls) from fleet_minute"
                            + " where minute >= ? and minute < ? group by minute / 60",
                    fromHour * 60,
                    toHour * 60);
        });
    }

    /**
     * Deletes rows older than the cut-offs, at most {@code batch} rows per statement and transaction, so writers
     * never wait long. Returns the rows deleted.
     */
    public long deleteBefore(long minute, long hour, int batch) {
        long deleted = 0;
        deleted += inBatches(
                "delete from factory_minute where (factory_id, minute) in (select factory_id, minute from"
                        + " factory_minute where minute < ? limit ?)",
                minute,
                batch);
        deleted += inBatches(
                "delete from factory_minute_product where (factory_id, minute, product) in (select factory_id,"
                        + " minute, product from factory_minute_product where minute < ? limit ?)",
                minute,
                batch);
        deleted += inBatches(
                "delete from factory_version_minute where (factory_id, minute, version) in (select factory_id,"
                        + " minute, version from factory_version_minute where minute < ? limit ?)",
                minute,
                batch);
        deleted += inBatches(
                "delete from fleet_minute where minute in (select minute from fleet_minute where minute < ? limit ?)",
                minute,
                batch);
        deleted += inBatches(
                "delete from fleet_hour where hour in (select hour from fleet_hour where hour < ? limit ?)",
                hour,
                batch);
        deleted += inBatches(
                "delete from factory_hour where (factory_id, hour) in (select factory_id, hour from factory_hour"
                        + " where hour < ? limit ?)",
                hour,
                batch);
        deleted += inBatches(
                "delete from factory_hour_product where (factory_id, hour, product) in (select factory_id, hour,"
                        + " product from factory_hour_product where hour < ? limit ?)",
                hour,
                batch);
        // a deleted factory's mark outlives every row it could have left (hours are kept longest)
        deleted += inBatches(
                "delete from factory_life where factory_id in (select factory_id from factory_life where life = '"
                        + ENDED + "' and since_minute < ? limit ?)",
                hour * 60,
                batch);
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

    /** One slot (minute or hour) summed over the factories asked for. */
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
            long failedPolls) {}

    /**
     * Every slot in [from, to) summed over the factories (null: all), oldest first, handed one at a time so a
     * long range is never held in memory.
     *
     * @param hours true: the hour table (slots are epoch hours), false: minutes
     */
    public void slots(boolean hours, Collection<String> factoryIds, long from, long to, Consumer<Slot> each) {
        String slot = hours ? "hour" : "minute";
        // the whole fleet from its own sums: one row per slot
        String table = factoryIds == null ? "fleet_" + slot : "factory_" + slot;
        List<Object> args = new ArrayList<>(List.of(from, to));
        StringBuilder where = new StringBuilder(slot + " >= ? and " + slot + " < ?");
        if (factoryIds != null) {
            if (factoryIds.isEmpty()) {
                return;
            }
            where.append(" and factory_id in (")
                    .append(String.join(",", java.util.Collections.nCopies(factoryIds.size(), "?")))
                    .append(')');
            args.addAll(factoryIds);
        }
        jdbc.query(
                "select " + slot + ", sum(made), sum(rejected), sum(material_in), sum(planned_s), sum(run_s),"
                        + " sum(ideal_s), sum(total_count), sum(good_count), sum(running_s), sum(idle_s),"
                        + " sum(down_s), sum(maintenance_s), sum(samples), sum(failed_polls) from " + table
                        + " where " + where + " group by " + slot + " order by " + slot,
                rs -> {
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
                            rs.getLong(15)));
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
