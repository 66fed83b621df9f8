// JVM stand-in for androidx.annotation.RequiresApi, used by the generated bindings.
package androidx.annotation

@Retention(AnnotationRetention.BINARY)
@Target(AnnotationTarget.CLASS, AnnotationTarget.FUNCTION, AnnotationTarget.CONSTRUCTOR, AnnotationTarget.FIELD)
annotation class RequiresApi(
    val value: Int = 1,
    val api: Int = 1,
)
